using System.Text;
using Kosmo.Core;
using Kosmo.Data.Store;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kosmo.Data.Panel;

/// <summary>
/// Streams one source's bars ordered by (code, date) with a prepared raw SQLite statement (no per-row allocation: codes
/// are compared as UTF-8 bytes and turned into strings once per code) into a <see cref="BarBuffer"/>.
/// </summary>
internal static class BarReader
{
    private const string Sql = """
        SELECT code, date, open, high, low, close, adj_close, volume, amount, marcap, shares, change_ratio, flags, {0}
        FROM bars WHERE source_id = ?1 AND code >= ?4 AND code < ?5 AND date >= ?2 AND date <= ?3 ORDER BY code, date
        """;

    /// <summary>Minimum and maximum accepted day numbers (1950-01-01 .. 2100-12-31).</summary>
    internal static readonly int MinDay = new DateOnly(1950, 1, 1).DayNumber;
    internal static readonly int MaxDay = new DateOnly(2100, 12, 31).DayNumber;

    /// <summary>Reads the rows of <paramref name="scan"/>'s source in [fromKey, toKey].</summary>
    /// <param name="connection">Open connection.</param>
    /// <param name="scan">Receives the code ranges.</param>
    /// <param name="buffer">Receives the rows.</param>
    /// <param name="codeIds">Code → id map, extended with new codes.</param>
    /// <param name="codeNames">Id → code list, extended with new codes.</param>
    /// <param name="include">Whether a code is loaded (market filter).</param>
    /// <param name="traded">Per day number − MinDay: set when a bar with volume &gt; 0 (not a placeholder) exists.</param>
    /// <param name="fromKey">First date key (yyyymmdd), inclusive.</param>
    /// <param name="toKey">Last date key (yyyymmdd), inclusive.</param>
    /// <param name="lowCode">Lowest code read (inclusive, ordinal).</param>
    /// <param name="highCode">Code bound (exclusive, ordinal).</param>
    /// <param name="dbPath">For error messages.</param>
    /// <exception cref="DataValidationException">A date key is not a valid yyyymmdd date.</exception>
    public static void Read(SqliteConnection connection, SourceScan scan, BarBuffer buffer, Dictionary<string, int> codeIds, List<string> codeNames,
        Func<string, bool> include, bool[] traded, int fromKey, int toKey, string lowCode, string highCode, string dbPath)
    {
        var db = connection.Handle!;
        // A version-2 database (opened read-only, not migrated) has no market column: its rows read as carrying none.
        var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, Sql, HasMarketColumn(connection) ? "market" : "NULL");
        var rc = raw.sqlite3_prepare_v2(db, sql, out var stmt);
        if (rc != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"{dbPath}: cannot prepare bar query: {raw.sqlite3_errmsg(db).utf8_to_string()}");
        }

        using (stmt)
        {
            raw.sqlite3_bind_int(stmt, 1, scan.Source.Id);
            raw.sqlite3_bind_int(stmt, 2, fromKey);
            raw.sqlite3_bind_int(stmt, 3, toKey);
            raw.sqlite3_bind_text(stmt, 4, lowCode);
            raw.sqlite3_bind_text(stmt, 5, highCode);
            var state = new ScanState(scan, buffer, codeIds, codeNames, include, traded, dbPath);
            var handle = false;
            stmt.DangerousAddRef(ref handle);
            try
            {
                rc = NativeSqlite.IsAvailable ? ReadRows<NativeColumns>(stmt, stmt.DangerousGetHandle(), state) : ReadRows<SafeColumns>(stmt, IntPtr.Zero, state);
            }
            finally
            {
                if (handle)
                {
                    stmt.DangerousRelease();
                }
            }

            if (rc != raw.SQLITE_DONE)
            {
                throw new InvalidOperationException($"{dbPath}: reading bars of source '{scan.Source.Name}' failed: {raw.sqlite3_errmsg(db).utf8_to_string()}");
            }
        }
    }

    /// <summary>The row loop, specialised per column accessor (<typeparamref name="TColumns"/>) by the JIT.</summary>
    private static int ReadRows<TColumns>(sqlite3_stmt stmt, IntPtr ptr, ScanState state)
        where TColumns : struct, IColumns
    {
        var buffer = state.Buffer;
        var prevCode = new byte[32];
        var prevLength = -1;
        var currentId = -1;
        var currentIncluded = false;
        var rangeStart = 0;
        var lastKey = 0;
        var lastDay = 0;
        long rows = 0;
        int rc;
        while ((rc = TColumns.Step(stmt, ptr)) == raw.SQLITE_ROW)
        {
            var code = TColumns.Blob(stmt, ptr, 0);
            if (prevLength < 0 || !code.SequenceEqual(prevCode.AsSpan(0, prevLength)))
            {
                CloseRange(state.Scan, currentId, currentIncluded, rangeStart, buffer.Count);
                if (code.Length > prevCode.Length)
                {
                    prevCode = new byte[code.Length * 2];
                }

                code.CopyTo(prevCode);
                prevLength = code.Length;
                var text = Encoding.UTF8.GetString(code);
                currentIncluded = state.Include(text);
                if (!state.CodeIds.TryGetValue(text, out currentId))
                {
                    currentId = state.CodeNames.Count;
                    state.CodeIds[text] = currentId;
                    state.CodeNames.Add(text);
                }

                rangeStart = buffer.Count;
            }

            if (!currentIncluded)
            {
                continue;
            }

            var key = TColumns.Int(stmt, ptr, 1);
            if (key != lastKey)
            {
                lastDay = DayOf(key, state.DbPath);
                lastKey = key;
            }

            var (chunk, offset) = buffer.Append();
            chunk.Day[offset] = lastDay;
            var values = chunk.Values;
            for (var f = 0; f < BarBuffer.FloatCount; f++)
            {
                values[f * BarBuffer.ChunkSize + offset] = TColumns.Type(stmt, ptr, f + 2) == raw.SQLITE_NULL
                    ? float.NaN
                    : (float)TColumns.Double(stmt, ptr, f + 2);
            }

            var flags = (ushort)TColumns.Int(stmt, ptr, 12);
            chunk.Flags[offset] = flags;
            chunk.Market[offset] = (byte)TColumns.Int(stmt, ptr, 13); // NULL reads 0 (Unknown): the stock's market applies
            if (values[(int)PanelField.Volume * BarBuffer.ChunkSize + offset] > 0 && (flags & (ushort)BarFlags.Placeholder) == 0)
            {
                state.Traded[lastDay - MinDay] = true;
            }

            rows++;
        }

        CloseRange(state.Scan, currentId, currentIncluded, rangeStart, buffer.Count);
        state.Scan.RowsRead += rows;
        return rc;
    }

    private sealed record ScanState(SourceScan Scan, BarBuffer Buffer, Dictionary<string, int> CodeIds, List<string> CodeNames,
        Func<string, bool> Include, bool[] Traded, string DbPath);

    private static void CloseRange(SourceScan scan, int codeId, bool included, int start, int end)
    {
        if (codeId >= 0 && included && end > start)
        {
            scan.Ranges.Add((codeId, start, end - start));
        }
    }

    private static int DayOf(int key, string dbPath)
    {
        var (y, m, d) = (key / 10000, key / 100 % 100, key % 100);
        if (y < 1950 || y > 2100 || m < 1 || m > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            throw new DataValidationException(dbPath, 0, "bars.date", $"'{key}' is not a yyyymmdd date between 1950 and 2100.");
        }

        return new DateOnly(y, m, d).DayNumber;
    }

    /// <summary>True when <c>bars</c> has the per-day <c>market</c> column (schema version 3 on).</summary>
    internal static bool HasMarketColumn(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM pragma_table_info('bars') WHERE name='market'";
        return (long)cmd.ExecuteScalar()! > 0;
    }

    /// <summary>The date key range for optional bounds.</summary>
    public static (int From, int To) KeyRange(DateOnly? from, DateOnly? to) =>
        (from is { } f ? KosmoSchema.ToKey(f) : 0, to is { } t ? KosmoSchema.ToKey(t) : int.MaxValue);
}
