using System.Globalization;
using Kosmo.Core;
using Kosmo.Data.Store;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Tests.Panel;

/// <summary>
/// A temporary Kosmo database for tests: <see cref="KosmoSchema.Ddl"/> on a temp file, the importer's source conventions
/// (marcap raw 40, pykrx back_adjusted 30, fdr back_adjusted 20, yahoo yahoo_mixed 10, synthetic 50, csv raw 5), and
/// plain SQL inserts. <see cref="AddMarcapCsv"/> and <see cref="AddOhlcvCsv"/> emulate the importer on fixture files
/// (halted O/H/L 0 → NULL, Dept → flags, percent → fraction).
/// </summary>
internal sealed class TestDb : IDisposable
{
    private static readonly (string Name, string Basis, int Precedence)[] _sources =
    [
        ("marcap", "raw", 40), ("pykrx", "back_adjusted", 30), ("fdr", "back_adjusted", 20),
        ("yahoo", "yahoo_mixed", 10), ("synthetic", "synthetic", 50), ("csv", "raw", 5),
    ];

    private readonly SqliteConnection _connection;
    private static readonly string[] _barParameters = ["$s", "$c", "$d", "$o", "$h", "$l", "$cl", "$a", "$v", "$am", "$mc", "$sh", "$ch", "$f", "$dp"];
    private SqliteTransaction? _tx;
    private SqliteCommand? _barInsert;

    public TestDb()
    {
        SQLitePCL.Batteries_V2.Init();
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"kosmo-test-{Guid.NewGuid():N}.db");
        _connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        _connection.Open();
        Exec(KosmoSchema.Ddl);
        for (var i = 0; i < _sources.Length; i++)
        {
            Exec("INSERT INTO sources(source_id, name, price_basis, precedence) VALUES ($id, $n, $b, $p)",
                ("$id", i + 1), ("$n", _sources[i].Name), ("$b", _sources[i].Basis), ("$p", _sources[i].Precedence));
        }
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Adds (or replaces) a stocks row.</summary>
    public TestDb Stock(string code, string name, string market, string dept = "")
    {
        Exec("INSERT OR REPLACE INTO stocks(code, name, market, dept, kosdaq_global) VALUES ($c, $n, $m, $d, 0)",
            ("$c", code), ("$n", name), ("$m", market), ("$d", dept));
        return this;
    }

    /// <summary>Adds one bar; null numbers are stored as NULL.</summary>
    public TestDb Bar(string source, string code, string date, double? close, double? volume = 1000, double? open = null, double? high = null,
        double? low = null, double? adjClose = null, double? amount = null, double? marcap = null, double? shares = null,
        double? change = null, BarFlags flags = BarFlags.None, string? dept = null)
    {
        if (_barInsert is null)
        {
            _barInsert = _connection.CreateCommand();
            _barInsert.CommandText = """
                INSERT INTO bars(source_id, code, date, open, high, low, close, adj_close, volume, amount, marcap, shares, change_ratio, flags, dept)
                VALUES ((SELECT source_id FROM sources WHERE name = $s), $c, $d, $o, $h, $l, $cl, $a, $v, $am, $mc, $sh, $ch, $f, $dp)
                """;
            foreach (var name in _barParameters)
            {
                _barInsert.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        object?[] values =
        [
            source, code, KosmoSchema.ToKey(DateOnly.Parse(date, CultureInfo.InvariantCulture)), open ?? close, high ?? close, low ?? close,
            close, adjClose, volume, amount, marcap, shares, change, (int)flags, dept,
        ];
        for (var p = 0; p < values.Length; p++)
        {
            _barInsert.Parameters[p].Value = values[p] ?? DBNull.Value;
        }

        _barInsert.Transaction = _tx;
        _barInsert.ExecuteNonQuery();
        return this;
    }

    /// <summary>Adds an index bar.</summary>
    public TestDb Index(string name, string date, double close, double? amount = null)
    {
        Exec("INSERT INTO index_bars(name, date, close, amount) VALUES ($n, $d, $c, $a)",
            ("$n", name), ("$d", KosmoSchema.ToKey(DateOnly.Parse(date, CultureInfo.InvariantCulture))), ("$c", close), ("$a", amount));
        return this;
    }

    /// <summary>
    /// Imports a marcap-format CSV or .csv.gz (columns Date, Code, Name, Market, Dept, Close, Volume, Amount, Marcap and
    /// optionally Open, High, Low, ChagesRatio, Stocks) as the importer would: stocks rows from the last row per code,
    /// Dept → Administrative / InvestmentCaution flags, volume 0 → Halted with O/H/L NULL, ChagesRatio percent → fraction.
    /// </summary>
    public TestDb AddMarcapCsv(string file)
    {
        _tx = _connection.BeginTransaction();
        var lines = ReadLines(file);
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var (date, code, nm, market, dept) = (Col("Date"), Col("Code"), Col("Name"), Col("Market"), Col("Dept"));
        var latest = new Dictionary<string, (string Name, string Market, string Dept)>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var c = line.Split(',');
            double? D(string name) => Col(name) < 0 ? null : double.Parse(c[Col(name)], CultureInfo.InvariantCulture);
            var volume = D("Volume")!.Value;
            var flags = volume == 0 ? BarFlags.Halted : BarFlags.None;
            flags |= c[dept].Contains("관리종목", StringComparison.Ordinal) ? BarFlags.Administrative : BarFlags.None;
            flags |= c[dept].Contains("투자주의환기", StringComparison.Ordinal) ? BarFlags.InvestmentCaution : BarFlags.None;
            double? Ohl(string name) => volume == 0 ? null : D(name) ?? D("Close");
            latest[c[code]] = (c[nm], c[market].StartsWith("KOSDAQ", StringComparison.Ordinal) ? "KOSDAQ" : c[market], c[dept]);
            Bar("marcap", c[code], c[date], D("Close"), volume, Ohl("Open"), Ohl("High"), Ohl("Low"), amount: D("Amount"),
                marcap: D("Marcap"), shares: D("Stocks"), change: D("ChagesRatio") / 100, flags: flags, dept: c[dept]);
        }

        foreach (var (c, (n, mk, dp)) in latest)
        {
            Stock(c, n, mk, dp);
        }

        _tx.Commit();
        _tx.Dispose();
        _tx = null;
        return this;
    }

    private static List<string> ReadLines(string file)
    {
        using var stream = File.OpenRead(file);
        using var reader = new StreamReader(file.EndsWith(".gz", StringComparison.Ordinal)
            ? new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress) : stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Imports an OHLCV CSV (Code, Date, Open, High, Low, Close, Volume, and ChangePct (percent) or Change (fraction)).</summary>
    public TestDb AddOhlcvCsv(string source, string file)
    {
        _tx = _connection.BeginTransaction();
        var lines = File.ReadLines(file).ToList();
        var header = lines[0].Split(',');
        var pct = Array.IndexOf(header, "ChangePct");
        var frac = Array.IndexOf(header, "Change");
        foreach (var line in lines.Skip(1))
        {
            var c = line.Split(',');
            double D(int i) => double.Parse(c[i], CultureInfo.InvariantCulture);
            var volume = D(6);
            double? change = pct >= 0 ? D(pct) / 100 : frac >= 0 && c[frac].Length > 0 ? D(frac) : null;
            Bar(source, c[0], c[1], D(5), volume, volume == 0 ? null : D(2), volume == 0 ? null : D(3), volume == 0 ? null : D(4),
                change: change, flags: volume == 0 ? BarFlags.Halted : BarFlags.None);
        }

        _tx.Commit();
        _tx.Dispose();
        _tx = null;
        return this;
    }

    /// <summary>Imports a Yahoo CSV (Code, Market, Date, Open, High, Low, Close, AdjClose, Volume) as source 'yahoo'.</summary>
    public TestDb AddYahooCsv(string file)
    {
        _tx = _connection.BeginTransaction();
        foreach (var line in ReadLines(file).Skip(1))
        {
            var c = line.Split(',');
            double D(int i) => double.Parse(c[i], CultureInfo.InvariantCulture);
            Stock(c[0], c[0], c[1]);
            Bar("yahoo", c[0], c[2], D(6), D(8), D(3), D(4), D(5), adjClose: D(7), flags: D(8) == 0 ? BarFlags.Halted : BarFlags.None);
        }

        _tx.Commit();
        _tx.Dispose();
        _tx = null;
        return this;
    }

    public void Exec(string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = _tx;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _barInsert?.Dispose();
        _connection.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // best effort: a temp file left behind is harmless
        }
    }
}
