using System.Diagnostics;
using Kosmo.Data.Panel;
using Kosmo.Data.Store;
using Kosmo.Testing;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Tests.Reliability;

/// <summary>
/// Read commands open the database read-only: no WAL switch, no schema writes, nothing created beside it. The tests run
/// as root, where chmod stops nothing: they check the bytes, the mtime and the absence of -wal / -shm files, and make
/// the file and folder immutable with chattr +i where that is allowed (it stops root too).
/// </summary>
public sealed class ReadOnlyDatabaseTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-ro-" + Guid.NewGuid().ToString("N"));
    private readonly string _db;

    public ReadOnlyDatabaseTests()
    {
        Directory.CreateDirectory(_dir);
        _db = Path.Combine(_dir, "kosmo.db");
        using (var store = KosmoStore.Open(_db))
        {
            store.Import(TestData.Fixture("import", "marcap_2024_head.csv.gz"));
        }

        SqliteConnection.ClearAllPools();
        File.SetLastWriteTimeUtc(_db, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    public void Dispose()
    {
        Chattr("-i", _db);
        Chattr("-i", _dir);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void OpenReadOnly_Should_ChangeNothing_When_InfoAndPanelAreRead()
    {
        // Given the database alone in its folder, its bytes and mtime
        File.Exists(_db + "-wal").Should().BeFalse();
        var bytes = File.ReadAllBytes(_db);
        var mtime = File.GetLastWriteTimeUtc(_db);

        // When data info and a panel load read it
        using (var store = KosmoStore.OpenReadOnly(_db))
        {
            store.Info().Sources.Should().Contain(s => s.Rows > 0);
        }

        var (panel, _) = new PanelLoader(_db).Load(new PanelLoadOptions());
        SqliteConnection.ClearAllPools();

        // Then nothing changed and no -wal / -shm file appeared
        panel.CodeCount.Should().BeGreaterThan(0);
        File.ReadAllBytes(_db).Should().Equal(bytes);
        File.GetLastWriteTimeUtc(_db).Should().Be(mtime);
        Directory.EnumerateFileSystemEntries(_dir).Should().ContainSingle();
    }

    [Fact]
    public void OpenReadOnly_Should_Read_When_TheFileAndFolderAreImmutable()
    {
        // Given a 444 file in a 555 folder, made immutable (skipped where chattr is refused)
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(_db, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        if (!Chattr("+i", _db) || !Chattr("+i", _dir))
        {
            return;
        }

        // When read
        long rows;
        using (var store = KosmoStore.OpenReadOnly(_db))
        {
            rows = store.Info().Sources.Sum(s => s.Rows);
        }

        var (panel, _) = new PanelLoader(_db).Load(new PanelLoadOptions());

        // Then the rows are there
        rows.Should().BeGreaterThan(0);
        panel.DateCount.Should().Be(3);
    }

    [Fact]
    public void OpenReadOnly_Should_FailClearly_When_TheFileIsMissingCorruptOrAFolder()
    {
        ((Action)(() => KosmoStore.OpenReadOnly(Path.Combine(_dir, "none.db")))).Should().Throw<FileNotFoundException>();
        ((Action)(() => KosmoStore.OpenReadOnly(_dir))).Should().Throw<StoreException>().Which.Problem.Should().Be(StoreProblem.IsDirectory);
        var junk = Path.Combine(_dir, "junk.db");
        File.WriteAllText(junk, new string('j', 100));
        ((Action)(() => KosmoStore.OpenReadOnly(junk))).Should().Throw<StoreException>().Which.Problem.Should().Be(StoreProblem.Corrupt);
        ((Action)(() => KosmoStore.Open(junk))).Should().Throw<StoreException>().Which.Problem.Should().Be(StoreProblem.Corrupt);
    }

    private static bool Chattr(string flag, string path)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true, RedirectStandardOutput = true });
            p!.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
