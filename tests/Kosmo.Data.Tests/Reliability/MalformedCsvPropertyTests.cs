using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Kosmo.Core;
using Kosmo.Data.Store;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Tests.Reliability;

/// <summary>
/// Random malformed CSV lines (FsCheck): an import either succeeds with every row parsed exactly as written, or fails with
/// a <see cref="DataValidationException"/> (exit 3) leaving the database file byte-identical.
/// </summary>
public sealed class MalformedCsvPropertyTests
{
    private const string Alphabet = ",,,.-+eE0123456789 aZ:T";
    private static readonly string[] Base = File.ReadAllLines(Kosmo.Testing.TestData.Fixture("bad_inputs", "good_pykrx.csv"));

    /// <summary>One mutated copy of the pykrx slice: each data line is kept or spoiled (comma added or dropped, a character
    /// inserted, deleted or replaced, a field doubled or cut).</summary>
    private static string Mutate(int seed)
    {
        var random = new Random(seed);
        var lines = new List<string> { Base[0] };
        foreach (var line in Base.Skip(1))
        {
            var l = line;
            var edits = random.Next(3) == 0 ? 0 : random.Next(1, 3);
            for (var k = 0; k < edits && l.Length > 0; k++)
            {
                var at = random.Next(l.Length);
                var c = Alphabet[random.Next(Alphabet.Length)];
                l = random.Next(6) switch
                {
                    0 => l.Insert(at, ","),
                    1 => l.Remove(at, 1),
                    2 => l.Insert(at, c.ToString()),
                    3 => l[..at] + c + l[(at + 1)..],
                    4 => l + "," + l.Split(',')[^1],
                    _ => l[..l.LastIndexOf(',')],
                };
            }

            lines.Add(l);
        }

        return string.Join("\n", lines) + "\n";
    }

    [Fact]
    public void Import_Should_ParseEveryRowExactlyOrFailLeavingTheDatabaseByteIdentical_When_LinesAreMalformed()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kosmo-prop-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var template = Path.Combine(dir, "template.db");
        using (var store = KosmoStore.Open(template))
        {
            store.Import(Kosmo.Testing.TestData.Fixture("bad_inputs", "good_marcap.csv"));
        }

        SqliteConnection.ClearAllPools();
        var n = 0;
        try
        {
            Prop.ForAll(Gen.Choose(1, int.MaxValue).ToArbitrary(), seed =>
            {
                var db = Path.Combine(dir, $"k{n}.db");
                var csv = Path.Combine(dir, $"m{n++}.csv");
                File.Copy(template, db);
                var text = Mutate(seed);
                File.WriteAllText(csv, text);
                var before = File.ReadAllBytes(db);
                try
                {
                    using (var store = KosmoStore.Open(db))
                    {
                        store.Import(csv);
                    }

                    SqliteConnection.ClearAllPools();
                    return EveryRowExact(db, text);
                }
                catch (DataValidationException)
                {
                    SqliteConnection.ClearAllPools();
                    return File.ReadAllBytes(db).AsSpan().SequenceEqual(before) && !File.Exists(db + "-wal");
                }
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Every data line has exactly the header's 8 fields, and its stored row carries its close and volume.</summary>
    private static bool EveryRowExact(string db, string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        using var connection = new SqliteConnection(KosmoStore.ReadOnlyConnectionString(db));
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM bars b JOIN sources s USING(source_id) WHERE s.name='pykrx'";
        if ((long)cmd.ExecuteScalar()! != lines.Count)
        {
            return false;
        }

        cmd.CommandText = "SELECT close, volume FROM bars b JOIN sources s USING(source_id) WHERE s.name='pykrx' AND code=$c AND date=$d";
        var code = cmd.Parameters.Add("$c", SqliteType.Text);
        var date = cmd.Parameters.Add("$d", SqliteType.Integer);
        foreach (var line in lines)
        {
            var f = line.Split(',');
            if (f.Length != 8)
            {
                return false;
            }

            if (f[1].Length != 10 || !DateOnly.TryParseExact(f[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                || !double.TryParse(f[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var close)
                || !double.TryParse(f[6], NumberStyles.Float, CultureInfo.InvariantCulture, out var volume))
            {
                continue; // a form the oracle does not read (e.g. yyyymmdd): counted above, not compared
            }

            code.Value = f[0].Trim().PadLeft(6, '0');
            date.Value = d.Year * 10000 + d.Month * 100 + d.Day;
            using var r = cmd.ExecuteReader();
            if (!r.Read())
            {
                return false;
            }

            var storedClose = r.IsDBNull(0) ? 0 : r.GetDouble(0);
            if (storedClose != close || r.GetDouble(1) != volume)
            {
                return false;
            }
        }

        return true;
    }
}
