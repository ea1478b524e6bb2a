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
/// naming the row's line. In replacing mode (a newer version of a file imported before) a stored row with the same key is
/// replaced instead. An index row whose (name, date) is already stored must agree with it (close within
/// <see cref="IndexTolerance"/>), else it is a <see cref="DataValidationException"/> naming the line and date; in replacing
/// mode it overwrites the stored row.
/// </summary>
internal sealed unsafe class SqliteRowWriter : Import.RowSink, IDisposable
{
    private const string BarSql = "INSERT INTO bars(source_id,code,date,open,high,low,close,adj_close,volume,amount,marcap,shares,change_ratio,flags,dept,market) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)";

    /// <summary>Rows per multi-row INSERT: one statement execution (cursor, VDBE set-up, reset) per 32 rows instead of per row.</summary>
    private const int BatchRows = 32;

    private const int BarColumns = 16;
    private const string IndexInsert = "INSERT INTO index_bars(name,date,open,high,low,close,volume,amount,marcap) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) ";
    private const string IndexReplaceSql = IndexInsert
        + "ON CONFLICT(name,date) DO UPDATE SET open=excluded.open,high=excluded.high,low=excluded.low,close=excluded.close,volume=excluded.volume,amount=excluded.amount,marcap=excluded.marcap";

    /// <summary>An overlapping index row keeps the stored values; the other columns fill the stored row's gaps.</summary>
    private const string IndexKeepSql = IndexInsert
        + "ON CONFLICT(name,date) DO UPDATE SET open=IFNULL(open,excluded.open),high=IFNULL(high,excluded.high),low=IFNULL(low,excluded.low),"
        + "volume=IFNULL(volume,excluded.volume),amount=IFNULL(amount,excluded.amount),marcap=IFNULL(marcap,excluded.marcap) RETURNING close";

    /// <summary>Two files' closes of one index on one date agree when they differ by at most this fraction (plus 0.005 points for rounding).</summary>
    internal const double IndexTolerance = 1e-5;

    private readonly sqlite3 _db;
    private readonly int _sourceId;
    private readonly string _path;
    private readonly bool _native = NativeSqlite.IsAvailable;
    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);
    private sqlite3_stmt? _bar;
    private IntPtr _barPtr;
    private sqlite3_stmt? _index;
    private sqlite3_stmt? _multi;
    private IntPtr _multiPtr;
    private readonly Import.ParsedBar[] _batch = new Import.ParsedBar[BatchRows];
    private int _batched;
    private string? _lastCode;
    private byte[] _lastCodeBytes = [];

    private readonly bool _replace;

    /// <param name="connection">The open connection, inside the caller's transaction.</param>
    /// <param name="sourceId">The source every bar is filed under.</param>
    /// <param name="path">The input file (for errors).</param>
    /// <param name="replace">A newer version of a file imported before: stored rows with the same key are replaced.</param>
    public SqliteRowWriter(SqliteConnection connection, int sourceId, string path, bool replace = false)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        _sourceId = sourceId;
        _path = path;
        _replace = replace;
    }

    private string BarInsert => _replace ? "INSERT OR REPLACE" + BarSql["INSERT".Length..] : BarSql;

    public override void Bar(in Import.ParsedBar bar)
    {
        if (_native)
        {
            _batch[_batched++] = bar;
            if (_batched == BatchRows)
            {
                WriteBatch();
            }

            return;
        }

        _bar ??= Prepare(BarInsert);
        BindSafe(_bar, bar);
        var rc = raw.sqlite3_step(_bar);
        raw.sqlite3_reset(_bar);
        Check(rc, bar.Code, bar.Date, bar.Line);
    }

    /// <summary>Writes the rows still batched. Call before reading the table or committing; a duplicate key throws here.</summary>
    /// <exception cref="DataValidationException">A row's (source, code, date) is already stored.</exception>
    public void Flush()
    {
        for (var i = 0; i < _batched; i++)
        {
            WriteOne(_batch[i]);
        }

        _batched = 0;
    }

    /// <summary>
    /// Writes the full batch with one multi-row <c>INSERT OR FAIL</c>. FAIL, not the default ABORT: an ABORT statement that
    /// writes several rows needs a statement journal (SQLite copies every page it touches, 16 KiB per statement, to undo a
    /// partial statement), FAIL keeps the rows before a clash and stops. A clash fails the whole file anyway (the caller's
    /// transaction rolls back), and <c>sqlite3_changes</c> tells which row of the batch clashed, so the error names its line.
    /// </summary>
    private void WriteBatch()
    {
        if (_multi is null)
        {
            var sql = new StringBuilder((_replace ? "INSERT OR REPLACE" : "INSERT OR FAIL") + BarSql["INSERT".Length..BarSql.IndexOf("VALUES", StringComparison.Ordinal)]).Append("VALUES");
            for (var r = 0; r < BatchRows; r++)
            {
                sql.Append(r == 0 ? "(" : ",(").Append(string.Join(',', Enumerable.Repeat("?", BarColumns))).Append(')');
            }

            _multi = Prepare(sql.ToString());
            var added = false;
            _multi.DangerousAddRef(ref added);
            _multiPtr = _multi.DangerousGetHandle();
        }

        var bound = 0;
        for (var r = 0; r < BatchRows; r++)
        {
            bound |= BindRow(_multiPtr, r * BarColumns, _batch[r]);
        }

        if (bound != raw.SQLITE_OK)
        {
            throw new SqliteException($"binding a bar failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", bound);
        }

        var rc = NativeBind.Step(_multiPtr);
        _ = NativeBind.Reset(_multiPtr);
        var at = rc == raw.SQLITE_CONSTRAINT ? Math.Clamp(raw.sqlite3_changes(_db), 0, BatchRows - 1) : 0; // rows stored before the clash
        Check(rc, _batch[at].Code, _batch[at].Date, _batch[at].Line);
        _batched = 0;
    }

    private void WriteOne(in Import.ParsedBar bar)
    {
        if (_bar is null)
        {
            _bar = Prepare(BarInsert);
            var added = false;
            _bar.DangerousAddRef(ref added);
            _barPtr = _bar.DangerousGetHandle();
        }

        var bound = BindRow(_barPtr, 0, bar);
        if (bound != raw.SQLITE_OK)
        {
            throw new SqliteException($"binding a bar failed: {raw.sqlite3_errmsg(_db).utf8_to_string()}", bound);
        }

        var rc = NativeBind.Step(_barPtr);
        _ = NativeBind.Reset(_barPtr); // returns the step's error again; rc already has it
        Check(rc, bar.Code, bar.Date, bar.Line);
    }

    public override void Index(string name, in Import.ParsedIndexBar bar)
    {
        var s = _index ??= Prepare(_replace ? IndexReplaceSql : IndexKeepSql);
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
        if (rc == raw.SQLITE_ROW)
        {
            // RETURNING: the stored close (the new one on a fresh date, the earlier file's on an overlapping date).
            var stored = raw.sqlite3_column_type(s, 0) == raw.SQLITE_NULL ? double.NaN : raw.sqlite3_column_double(s, 0);
            rc = raw.sqlite3_step(s);
            if (!Agrees(stored, bar.Close))
            {
                raw.sqlite3_reset(s);
                var day = Kosmo.Data.Store.KosmoSchema.FromKey(bar.Date).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                throw new DataValidationException(_path, bar.Line, "Close",
                    $"index {name} on {day}: close {bar.Close} disagrees with {stored} stored from an earlier file (overlapping dates must agree)");
            }
        }

        raw.sqlite3_reset(s);
        Check(rc, name, bar.Date, bar.Line);
    }

    /// <summary>True when two closes of one index on one date agree (either missing counts as agreeing).</summary>
    internal static bool Agrees(double stored, double close) =>
        double.IsNaN(stored) || double.IsNaN(close) || Math.Abs(stored - close) <= IndexTolerance * Math.Max(Math.Abs(stored), Math.Abs(close)) + 0.005;

    /// <summary>Binds one row's 16 values at parameters <paramref name="at"/> + 1 .. + 16; returns the OR of the bind results (0 = all OK).</summary>
    private int BindRow(IntPtr s, int at, in Import.ParsedBar bar)
    {
        if (!ReferenceEquals(bar.Code, _lastCode))
        {
            _lastCode = bar.Code;
            _lastCodeBytes = Utf8(bar.Code);
        }

        // SQLITE_OK is 0: OR-ing the bind results checks them all with one branch.
        var bound = NativeBind.BindInt(s, at + 1, _sourceId);
        fixed (byte* code = _lastCodeBytes)
        {
            // SQLITE_STATIC is safe: every array in _utf8 is pinned and lives as long as the writer.
            bound |= NativeBind.BindText(s, at + 2, code, _lastCodeBytes.Length, NativeBind.Static);
        }

        bound |= NativeBind.BindInt(s, at + 3, bar.Date)
            | BindNative(s, at + 4, bar.Open)
            | BindNative(s, at + 5, bar.High)
            | BindNative(s, at + 6, bar.Low)
            | BindNative(s, at + 7, bar.Close)
            | BindNative(s, at + 8, bar.AdjClose)
            | BindNative(s, at + 9, bar.Volume)
            | BindNative(s, at + 10, bar.Amount)
            | BindNative(s, at + 11, bar.Marcap)
            | BindNative(s, at + 12, bar.Shares)
            | BindNative(s, at + 13, bar.ChangeRatio)
            | NativeBind.BindInt(s, at + 14, (int)bar.Flags);
        if (bar.Dept is null)
        {
            bound |= NativeBind.BindNull(s, at + 15);
        }
        else
        {
            var dept = Utf8(bar.Dept);
            fixed (byte* d = dept)
            {
                bound |= NativeBind.BindText(s, at + 15, d, dept.Length, NativeBind.Static);
            }
        }

        bound |= bar.Market == Market.Unknown ? NativeBind.BindNull(s, at + 16) : NativeBind.BindInt(s, at + 16, (int)bar.Market);
        return bound;
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

        if (bar.Market == Market.Unknown)
        {
            raw.sqlite3_bind_null(s, 16);
        }
        else
        {
            raw.sqlite3_bind_int(s, 16, (int)bar.Market);
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

        if (_multiPtr != IntPtr.Zero)
        {
            _multiPtr = IntPtr.Zero;
            _multi!.DangerousRelease();
        }

        _multi?.Dispose();
        _multi = null;
        _bar?.Dispose();
        _index?.Dispose();
        _bar = null;
        _index = null;
    }
}
