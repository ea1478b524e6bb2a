using Kosmo.Data.Store;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Tests.Store;

/// <summary>A fresh database in a temporary folder, deleted on dispose; plus small query helpers.</summary>
internal sealed class TempStore : IDisposable
{
    private static readonly string[] _tables = ["bars", "index_bars", "files", "stocks", "sources", "meta"];
    private readonly string _dir;

    public TempStore()
    {
        _dir = Path.Combine(Path.GetTempPath(), "kosmo-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        DbPath = Path.Combine(_dir, "kosmo.db");
        Store = KosmoStore.Open(DbPath);
    }

    public string DbPath { get; }

    public KosmoStore Store { get; }

    public string Dir => _dir;

    public long Scalar(string sql)
    {
        using var cmd = Store.Connection.CreateCommand();
        cmd.CommandText = sql;
        var v = cmd.ExecuteScalar();
        return v is null or DBNull ? -1 : Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture);
    }

    public object? Value(string sql)
    {
        using var cmd = Store.Connection.CreateCommand();
        cmd.CommandText = sql;
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    /// <summary>Every row of a table as "a|b|c" strings (NULL for null): bars in key order, other tables by their first column.</summary>
    public List<string> Dump(string table = "bars")
    {
        var rows = new List<string>();
        using var cmd = Store.Connection.CreateCommand();
        cmd.CommandText = table == "bars"
            ? "SELECT source_id,code,date,open,high,low,close,adj_close,volume,amount,marcap,shares,change_ratio,flags,dept FROM bars ORDER BY source_id,code,date"
            : $"SELECT * FROM {table} ORDER BY 1";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var cells = new string[r.FieldCount];
            for (var i = 0; i < r.FieldCount; i++)
            {
                cells[i] = r.IsDBNull(i) ? "NULL" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            }

            rows.Add(string.Join('|', cells));
        }

        return rows;
    }

    /// <summary>A fingerprint of every table's row count, to prove a failed import changed nothing.</summary>
    public string Fingerprint() =>
        string.Join(",", _tables.Select(t => $"{t}={Scalar($"SELECT COUNT(*) FROM {t}")}"))
        + $",sum={Value("SELECT TOTAL(close)+TOTAL(flags) FROM bars")}";

    public void Dispose()
    {
        Store.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
