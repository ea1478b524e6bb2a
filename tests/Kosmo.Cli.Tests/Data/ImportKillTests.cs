using System.Diagnostics;
using Kosmo.Data.Store;
using Kosmo.Data.Synthetic;
using Microsoft.Data.Sqlite;

namespace Kosmo.Cli.Tests.Data;

public sealed class ImportKillTests
{
    [Fact]
    public void DataImport_Should_LeaveDatabaseAsBefore_When_ProcessIsKilledMidImport()
    {
        // Given a database holding one small import, and a big (~230k rows) synthetic marcap file
        var dir = Path.Combine(Path.GetTempPath(), "kosmo-cli-kill", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var db = Path.Combine(dir, "kosmo.db");
            var small = Path.Combine(dir, "small.csv.gz");
            MarcapCsvWriter.Write(small, SyntheticMarket.Generate(new SyntheticOptions { Stocks = 5, Years = 1, Seed = 1, Start = new DateOnly(2005, 1, 3) }));
            var big = Path.Combine(dir, "big.csv.gz");
            MarcapCsvWriter.Write(big, SyntheticMarket.Generate(new SyntheticOptions { Stocks = 150, Years = 6, Seed = 2 }));
            Run(db, small).WaitForExit(120_000).Should().BeTrue();
            var before = Fingerprint(db);

            // When `kosmo data import big --db` is killed with SIGKILL after it has inserted 131,072 rows
            using var child = Run(db, big);
            var killedMidway = KillAfter(child, "... 131072 rows");

            // Then the child died before finishing, and the database is exactly as before and intact
            killedMidway.Should().BeTrue("the import must still be running when it is killed");
            child.ExitCode.Should().NotBe(0);
            Fingerprint(db).Should().Be(before);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void DataImport_Should_KeepTheCommittedFilesOnly_When_AFolderImportIsKilledDuringItsSecondFile()
    {
        // Given a folder with a small synthetic marcap file (imported first) and a big one (~230k rows), and the state
        // a database reaches by importing the small file alone
        var dir = Path.Combine(Path.GetTempPath(), "kosmo-cli-kill", Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(dir, "in");
        Directory.CreateDirectory(folder);
        try
        {
            var small = Path.Combine(folder, "a_small.csv.gz");
            MarcapCsvWriter.Write(small, SyntheticMarket.Generate(new SyntheticOptions { Stocks = 5, Years = 1, Seed = 1, Start = new DateOnly(2005, 1, 3) }));
            MarcapCsvWriter.Write(Path.Combine(folder, "b_big.csv.gz"), SyntheticMarket.Generate(new SyntheticOptions { Stocks = 150, Years = 6, Seed = 2 }));
            var reference = Path.Combine(dir, "reference.db");
            Run(reference, small).WaitForExit(120_000).Should().BeTrue();
            var expected = Fingerprint(reference);

            // When `kosmo data import FOLDER` (prefetching parse, background checkpoints) is killed with SIGKILL after it has
            // written 131,072 rows of the big file
            var db = Path.Combine(dir, "kosmo.db");
            using var child = Run(db, folder);
            var killedMidway = KillAfter(child, "... 131072 rows");

            // Then the first file is stored exactly as when imported alone, nothing of the second remains, and the database is intact
            killedMidway.Should().BeTrue("the import must still be running when it is killed");
            child.ExitCode.Should().NotBe(0);
            Fingerprint(db).Should().Be(expected);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Kills the child (SIGKILL) when it prints a line containing <paramref name="marker"/>; false if it never did.</summary>
    private static bool KillAfter(Process child, string marker)
    {
        var killed = false;
        while (child.StandardOutput.ReadLine() is { } line)
        {
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                child.Kill(entireProcessTree: true);
                killed = true;
                break;
            }
        }

        child.WaitForExit(60_000).Should().BeTrue();
        return killed;
    }

    private static Process Run(string db, string file)
    {
        var kosmo = typeof(Program).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { kosmo, "data", "import", file, "--db", db })
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        return p;
    }

    private static string Fingerprint(string db)
    {
        using var store = KosmoStore.Open(db);
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        var integrity = (string)cmd.ExecuteScalar()!;
        cmd.CommandText = "SELECT (SELECT COUNT(*) FROM bars) || '/' || (SELECT COUNT(*) FROM files) || '/' || (SELECT COUNT(*) FROM stocks) || '/' || (SELECT TOTAL(close) FROM bars)";
        var counts = (string)cmd.ExecuteScalar()!;
        integrity.Should().Be("ok");
        return counts;
    }
}
