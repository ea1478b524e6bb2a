using Kosmo.Data.Store;
using Kosmo.Data.Tests.Import;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Tests.Store;

/// <summary>Schema version 1 (with the bars_by_date index) databases open, migrate to the current version and keep every row.</summary>
public sealed class SchemaMigrationTests
{
    [Fact]
    public void Open_Should_DropTheDateIndexAndKeepEveryRow_When_DatabaseIsSchemaVersion1()
    {
        // Given a database as version 1 left it: a real fixture imported, then the v1 index and version put back
        var dir = Path.Combine(Path.GetTempPath(), "kosmo-data-tests", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(dir, "v1.db");
        string before;
        using (var store = KosmoStore.Open(path))
        {
            store.Import(Expected.Fixture("marcap_2024_head.csv.gz"));
            Exec(store.Connection, "CREATE INDEX bars_by_date ON bars(date, code); UPDATE meta SET value='1' WHERE key='schema_version'");
            before = Fingerprint(store.Connection);
        }

        try
        {
            // When it is opened again
            using var migrated = KosmoStore.Open(path);

            // Then the index is gone, the version is the current one (v1 -> v2 -> v3), every row is unchanged and imports still work
            Scalar(migrated.Connection, "SELECT COUNT(*) FROM sqlite_master WHERE name='bars_by_date'").Should().Be(0L);
            Scalar(migrated.Connection, "SELECT value FROM meta WHERE key='schema_version'").Should().Be(KosmoSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Fingerprint(migrated.Connection).Should().Be(before);
            migrated.Import(Expected.Fixture("pykrx_2024_head.csv.gz")).Rows.Should().BeGreaterThan(0);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Open_Should_FailTellingToReimport_When_SchemaVersionIsNewerThanThisCode()
    {
        // Given a database stamped with a future schema version
        var dir = Path.Combine(Path.GetTempPath(), "kosmo-data-tests", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(dir, "future.db");
        using (var store = KosmoStore.Open(path))
        {
            Exec(store.Connection, "UPDATE meta SET value='99' WHERE key='schema_version'");
        }

        try
        {
            // When it is opened
            var act = () => KosmoStore.Open(path);

            // Then the error names the version and tells the user to re-import
            act.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain("schema version 99").And.Contain("re-import");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static string Fingerprint(SqliteConnection c) =>
        $"{Scalar(c, "SELECT COUNT(*) FROM bars")}|{Scalar(c, "SELECT TOTAL(close) + TOTAL(volume) + TOTAL(flags) FROM bars")}|{Scalar(c, "SELECT COUNT(*) FROM stocks")}|{Scalar(c, "SELECT COUNT(*) FROM files")}";
}
