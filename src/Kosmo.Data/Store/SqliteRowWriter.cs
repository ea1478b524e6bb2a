using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Kosmo.Core;
using Kosmo.Data.Panel;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kosmo.Data.Store;

/// <summary>
/// Writes parsed rows through one prepared statement per table, bound per row with the raw SQLite API (no boxing,
/// no per-row allocations): direct e_sqlite3 calls with cached, pinned UTF-8 codes when available
/// (<see cref="NativeBind"/>), SQLitePCLRaw otherwise. Runs inside the caller's transaction. A primary-key clash
/// (the same source, code and date already imported from another file) is a <see cref="DataValidationException"/>
/// naming the row's line.
/// </summary>
internal sealed unsafe class SqliteRowWriter : Import.RowSink, IDisposable
{
    private const string BarSql = "INSERT INTO bars(source_id,code,date,open,high,low,close,adj_close,volume,amount,marcap,shares,change_ratio,flags,dept) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)";
    private const string IndexSql = "INSERT INTO index_bars(name,date,open,high,low,close,volume,amount,marcap) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) "
        + "ON CONFLICT(name,date) DO UPDATE SET open=excluded.open,high=excluded.high,low=excluded.low,close=excluded.close,volume=excluded.volume,amount=excluded.amount,marcap=excluded.marcap";

    private readonly sqlite3 _db;
    private readonly int _sourceId;
    private readonly string _path;
    private readonly bool _native = NativeSqlite.IsAvailable;
    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);
    private sqlite3_stmt? _bar;
    private IntPtr _barPtr;
    private sqlite3_stmt? _index;
    private string? _lastCode;
    private byte[] _lastCodeBytes = [];

    public SqliteRowWriter(SqliteConnection connection, int sourceId, string path)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        _sourceId = sourceId;
        _path = path;
    }

    public override void Bar(in Import.ParsedBar bar)
    {
        if (_bar is null)
        {
            _bar = Prepare(BarSql);
            if (_native)
            {
                var added = false;
                _bar.DangerousAddRef(ref added);
                _barPtr = _bar.DangerousGetHandle();
            }
        }

        int rc;
        if (_native)
        {
            rc = StepNative(bar);
        }
        else
        {
            BindSafe(_bar, bar);
            rc = raw.sqlite3_step(_bar);
            raw.sqlite3_reset(_bar);
        }

        Check(rc, bar.Code, bar.Date, bar.Line);
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
        var rc = raw.sqlite3_step(s);
        raw.sqlite3_reset(s);
        Check(rc, name, bar.Date, bar.Line);
    }

    private int StepNative(in Import.ParsedBar bar)
    {
        var s = _barPtr;
        if (!ReferenceEquals(bar.Code, _lastCode))
        {
            _lastCode = bar.Code;
            _lastCodeBytes = Utf8(bar.Code);
        }

        // SQLITE_OK is 0: OR-ing the bind results checks them all with one branch.
        var bound = NativeBind.BindInt(s, 1, _sourceId);
        fixed (byte* code = _lastCodeBytes)
        {
            // SQLITE_STATIC is safe: every array in _utf8 is pinned and lives as long as the writer.
            bound |= NativeBind.BindText(s, 2, code, _lastCodeBytes.Length, NativeBind.Static);
        }

        bound |= NativeBind.BindInt(s, 3, bar.Date)
            | BindNative(s, 4, bar.Open)
            | BindNative(s, 5, bar.High)
            | BindNative(s, 6, bar.Low)
            | BindNative(s, 7, bar.Close)
            | BindNative(s, 8, bar.AdjClose)
            | BindNative(s, 9, bar.Volume)
            | BindNative(s, 10, bar.Amount)
            | BindNative(s, 11, bar.Marcap)
            | BindNative(s, 12, bar.Shares)
            | BindNative(s, 13, bar.ChangeRatio)
            | NativeBind.BindInt(s, 14, (int)bar.Flags);
        if (bar.Dept is null)
        {
            bound |= NativeBind.BindNull(s, 15);
        }
        else
        {
            var dept = Utf8(bar.Dept);
            fixed (byte* d = dept)
            {
                bound |= NativeBind.BindText(s, 15, d, dept.Length, NativeBind.Static);
            }
        }

        if (bound != raw.SQLITE_OK)
        {
            throw new SqliteException($"binding a bar failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", bound);
        }

        var rc = NativeBind.Step(s);
        _ = NativeBind.Reset(s); // returns the step's error again; rc already has it
        return rc;
    }

    /// <summary>The pinned UTF-8 bytes of a code or Dept text (a few thousand distinct values per file).</summary>
    private byte[] Utf8(string s)
    {
        if (!_utf8.TryGetValue(s, out var bytes))
        {
            var n = Encoding.UTF8.GetByteCount(s);
            bytes = GC.AllocateArray<byte>(n, pinned: true);
            Encoding.UTF8.GetBytes(s, bytes);
            _utf8.Add(s, bytes);
        }

        return bytes;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BindNative(IntPtr s, int i, double v) => double.IsNaN(v) ? NativeBind.BindNull(s, i) : NativeBind.BindDouble(s, i, v);

    private void BindSafe(sqlite3_stmt s, in Import.ParsedBar bar)
    {
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

    private void Check(int rc, string key, int date, long line)
    {
        if (rc == raw.SQLITE_DONE)
        {
            return;
        }

        if (rc == raw.SQLITE_CONSTRAINT)
        {
            throw new DataValidationException(_path, line, "Date",
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
        if (_barPtr != IntPtr.Zero)
        {
            _barPtr = IntPtr.Zero;
            _bar!.DangerousRelease();
        }

        _bar?.Dispose();
        _index?.Dispose();
        _bar = null;
        _index = null;
    }
}
