using Kosmo.Core;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kosmo.Data.Store;

/// <summary>
/// Writes parsed rows through prepared statements bound with the raw SQLite API (no boxing, no per-row
/// allocations). Runs inside the caller's transaction. A primary-key clash (the same source, code and date
/// already imported from another file) is a <see cref="DataValidationException"/>.
/// </summary>
internal sealed class SqliteRowWriter : Import.RowSink, IDisposable
{
    private const string BarSql = "INSERT INTO bars(source_id,code,date,open,high,low,close,adj_close,volume,amount,marcap,shares,change_ratio,flags,dept) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)";
    private const string IndexSql = "INSERT INTO index_bars(name,date,open,high,low,close,volume,amount,marcap) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) "
        + "ON CONFLICT(name,date) DO UPDATE SET open=excluded.open,high=excluded.high,low=excluded.low,close=excluded.close,volume=excluded.volume,amount=excluded.amount,marcap=excluded.marcap";

    private readonly sqlite3 _db;
    private readonly int _sourceId;
    private readonly string _path;
    private readonly Func<long> _line;
    private sqlite3_stmt? _bar;
    private sqlite3_stmt? _index;

    public SqliteRowWriter(SqliteConnection connection, int sourceId, string path, Func<long> line)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        _sourceId = sourceId;
        _path = path;
        _line = line;
    }

    public override void Bar(in Import.ParsedBar bar)
    {
        var s = _bar ??= Prepare(BarSql);
        raw.sqlite3_bind_int(s, 1, _sourceId);
        raw.sqlite3_bind_text(s, 2, bar.Code);
        raw.sqlite3_bind_int(s, 3, bar.Date);
        Bind(s, 4, bar.Open);
        Bind(s, 5, bar.High);
        Bind(s, 6, bar.Low);
        Bind(s, 7, bar.Close);
        Bind(s, 8, bar.AdjClose);
        Bind(s, 9, bar.Volume);
        Bind(s, 10, bar.Amount);
        Bind(s, 11, bar.Marcap);
        Bind(s, 12, bar.Shares);
        Bind(s, 13, bar.ChangeRatio);
        raw.sqlite3_bind_int(s, 14, (int)bar.Flags);
        if (bar.Dept is null)
        {
            raw.sqlite3_bind_null(s, 15);
        }
        else
        {
            raw.sqlite3_bind_text(s, 15, bar.Dept);
        }

        Step(s, bar.Code, bar.Date);
    }

    public override void Index(string name, in Import.ParsedIndexBar bar)
    {
        var s = _index ??= Prepare(IndexSql);
        raw.sqlite3_bind_text(s, 1, name);
        raw.sqlite3_bind_int(s, 2, bar.Date);
        Bind(s, 3, bar.Open);
        Bind(s, 4, bar.High);
        Bind(s, 5, bar.Low);
        Bind(s, 6, bar.Close);
        Bind(s, 7, bar.Volume);
        Bind(s, 8, bar.Amount);
        Bind(s, 9, bar.Marcap);
        Step(s, name, bar.Date);
    }

    private static void Bind(sqlite3_stmt s, int i, double v)
    {
        if (double.IsNaN(v))
        {
            raw.sqlite3_bind_null(s, i);
        }
        else
        {
            raw.sqlite3_bind_double(s, i, v);
        }
    }

    private void Step(sqlite3_stmt s, string key, int date)
    {
        var rc = raw.sqlite3_step(s);
        raw.sqlite3_reset(s);
        if (rc == raw.SQLITE_DONE)
        {
            return;
        }

        if (rc == raw.SQLITE_CONSTRAINT)
        {
            throw new DataValidationException(_path, _line(), "Date",
                $"a row for {key} on {date} from this source was already imported from another file; delete the database or that file's rows first");
        }

        throw new SqliteException($"SQLite error {rc}: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var stmt);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"prepare failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }

        return stmt;
    }

    public void Dispose()
    {
        _bar?.Dispose();
        _index?.Dispose();
    }
}
