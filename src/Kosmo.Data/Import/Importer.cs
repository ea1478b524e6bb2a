using System.Diagnostics;
using System.Security.Cryptography;
using Kosmo.Core;
using Kosmo.Data.Store;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Import;

/// <summary>
/// Imports one file into a <see cref="KosmoStore"/>: SHA-256 check (already imported → no-op), then one
/// transaction holding the bars/index rows and, once they are in, the file's bookkeeping (<see cref="ImportBookkeeping"/>:
/// stock attributes, markets, placeholder flags, the cross-source conflict count and the <c>files</c> row). Any failure
/// rolls the whole file back.
/// </summary>
internal sealed class Importer
{
    private readonly KosmoStore _store;
    private readonly Action<long>? _progress;
    private readonly ImportOptions _options;

    public Importer(KosmoStore store, Action<long>? progress = null, ImportOptions? options = null)
    {
        _store = store;
        _progress = progress;
        _options = options ?? ImportOptions.Default;
    }

    private SqliteConnection Db => _store.Connection;

    /// <exception cref="DataValidationException">The file failed validation; nothing was written.</exception>
    public ImportSummary Import(string path)
    {
        var clock = Stopwatch.StartNew();
        if (!File.Exists(path))
        {
            throw new DataValidationException(path, 0, "", "no such file");
        }

        Trace("start", clock);
        // The parse starts at once on its own thread while this thread hashes the file: nothing is written before the
        // hash has been looked up, and a file already imported only costs a cancelled parse.
        var parser = new FileParser(path, _options.IndexName);
        var pipeline = new ImportPipeline(_progress);
        var thread = new Thread(() => pipeline.Produce(parser)) { IsBackground = true, Name = "kosmo-import-parse" };
        thread.Start();
        try
        {
            var sha = Sha256(path);
            var existing = Existing(path, sha);
            if (existing is not null)
            {
                pipeline.Cancel();
                return existing;
            }

            return Write(path, sha, parser, clock, pipeline.Consume);
        }
        finally
        {
            pipeline.Cancel(); // no-op once the parse finished; stops it after a writer failure
            thread.Join();
        }
    }

    /// <summary>Writes a file whose parse an <see cref="ImportPrefetcher"/> already started (or found already imported).</summary>
    /// <exception cref="DataValidationException">The file failed validation; nothing was written.</exception>
    public ImportSummary Import(PreparedFile file)
    {
        var clock = Stopwatch.StartNew();
        if (file.Failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        Trace("start (prefetched)", clock);
        var existing = Existing(file.Path, file.Sha256);
        if (existing is not null)
        {
            file.Pipeline?.Cancel();
            return existing;
        }

        if (file.Pipeline is not { } pipeline)
        {
            return Import(file.Path); // not reached: the driver skips only files the database or the batch already holds
        }

        pipeline.Progress = _progress;
        return Write(file.Path, file.Sha256, file.Parser!, clock, pipeline.Consume);
    }

    /// <summary>
    /// Writes the file in one transaction with the per-row foreign-key probe off: <c>bars.source_id</c> and <c>files.source_id</c>
    /// reference <c>sources</c>, and every id written here comes from <see cref="KosmoStore.SourceId"/>, which reads or creates
    /// that row, so the probe (one <c>sources</c> look-up per inserted row) cannot fail. <c>PRAGMA foreign_keys</c> is ignored
    /// inside a transaction, so it is switched before BEGIN and back on after the commit or rollback.
    /// </summary>
    private ImportSummary Write(string path, string sha, FileParser parser, Stopwatch clock, Action<Func<RowSink>> consume)
    {
        _store.Execute("PRAGMA foreign_keys=OFF;");
        try
        {
            return WriteFile(path, sha, parser, clock, consume);
        }
        finally
        {
            _store.Execute("PRAGMA foreign_keys=ON;");
        }
    }

    private ImportSummary WriteFile(string path, string sha, FileParser parser, Stopwatch clock, Action<Func<RowSink>> consume)
    {
        using var tx = Db.BeginTransaction();
        SqliteRowWriter? writer = null;
        var replacing = false;
        long before = 0;
        try
        {
            // The parse runs on another thread; the writer (on this thread) is created once the header named the source. A
            // file whose name this source already imported with other content is a newer version: its rows replace the
            // stored rows of the same (code, date) or (index, date), counted from the row totals before and after.
            consume(() => writer ??= CreateWriter(tx, path, parser, out replacing, out before));
            writer?.Flush();
            writer?.Dispose();
            Trace("parsed+inserted", clock);
            if (parser.Rows == 0)
            {
                // A header-only file: not recorded in files, so it is not "imported" and a later version with rows imports.
                tx.Rollback();
                return new ImportSummary { Path = path, Sha256 = sha, Format = parser.Layout.Format, Source = parser.Layout.Source.Name, Encoding = parser.EncodingName, NoRows = true, Seconds = clock.Elapsed.TotalSeconds };
            }

            var sourceId = _store.SourceId(parser.Layout.Source.Name);
            var replaced = replacing ? before + parser.Rows - StoredRows(tx, parser) : 0;
            var books = new ImportBookkeeping(Db, tx, sourceId, parser);
            books.UpsertStocks(); // first: MarkPlaceholders reaches the source's rows through the stocks codes
            books.RecordMarkets();
            var placeholders = parser.Layout.Format == ImportFormat.Ohlcv ? books.MarkPlaceholders() : 0;
            var conflicts = parser.Layout.Format is ImportFormat.Ohlcv or ImportFormat.Marcap ? books.Conflicts() : 0;
            var summary = parser.Summary(path, sha, clock.Elapsed.TotalSeconds) with
            {
                PlaceholderRows = placeholders,
                CrossSourceConflicts = conflicts,
                ReplacedRows = replaced,
            };
            Trace("post", clock);
            books.RecordFile(summary);
            tx.Commit();
            Trace("commit", clock);
            return summary;
        }
        catch
        {
            writer?.Dispose();
            tx.Rollback();
            throw;
        }
    }

    /// <summary>The row writer for <paramref name="parser"/>'s source, in replacing mode when the source already imported a file of this name.</summary>
    private SqliteRowWriter CreateWriter(SqliteTransaction tx, string path, FileParser parser, out bool replacing, out long before)
    {
        var layout = parser.Layout;
        var sourceId = _store.SourceId(layout.Source.Name);
        replacing = EarlierVersionExists(tx, sourceId, path, layout.Format);
        before = replacing ? StoredRows(tx, parser) : 0;
        return new SqliteRowWriter(Db, sourceId, path, replacing);
    }

    /// <summary>True when <c>files</c> holds a file of the same name (any folder) and format from this source: this file is a newer version of it.</summary>
    private bool EarlierVersionExists(SqliteTransaction tx, int sourceId, string path, ImportFormat format)
    {
        var name = System.IO.Path.GetFileName(path);
        using var cmd = Db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT path FROM files WHERE source_id=$s AND format=$f";
        cmd.Parameters.AddWithValue("$s", sourceId);
        cmd.Parameters.AddWithValue("$f", format.ToString().ToLowerInvariant());
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            if (string.Equals(System.IO.Path.GetFileName(r.GetString(0)), name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rows stored for the parser's source (stock files) or index series (index files).</summary>
    private long StoredRows(SqliteTransaction tx, FileParser parser)
    {
        using var cmd = Db.CreateCommand();
        cmd.Transaction = tx;
        if (parser.Layout.Format == ImportFormat.Index)
        {
            cmd.CommandText = "SELECT COUNT(*) FROM index_bars WHERE name=$n";
            cmd.Parameters.AddWithValue("$n", parser.Layout.IndexName);
        }
        else
        {
            cmd.CommandText = "SELECT COUNT(*) FROM bars WHERE source_id=$s";
            cmd.Parameters.AddWithValue("$s", _store.SourceId(parser.Layout.Source.Name));
        }

        return (long)cmd.ExecuteScalar()!;
    }

    private static void Trace(string what, Stopwatch clock)
    {
        if (Environment.GetEnvironmentVariable("KOSMO_TRACE") == "1")
        {
            using var me = Process.GetCurrentProcess();
            Console.Error.WriteLine($"[import] {what} at {clock.Elapsed.TotalSeconds:F2} s wall, process CPU {me.TotalProcessorTime.TotalSeconds:F2} s");
        }
    }

    internal static string Sha256(string path)
    {
        using var f = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(f));
    }

    private ImportSummary? Existing(string path, string sha)
    {
        using var cmd = Db.CreateCommand();
        cmd.CommandText = "SELECT f.format, s.name, f.rows FROM files f JOIN sources s USING(source_id) WHERE f.sha256=$h";
        cmd.Parameters.AddWithValue("$h", sha);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }

        return new ImportSummary
        {
            Path = path,
            Sha256 = sha,
            Format = Enum.Parse<ImportFormat>(r.GetString(0), ignoreCase: true),
            Source = r.GetString(1),
            Rows = r.GetInt64(2),
            AlreadyImported = true,
        };
    }
}
