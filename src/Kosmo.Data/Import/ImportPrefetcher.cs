using System.Collections.Concurrent;
using Kosmo.Core;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Import;

/// <summary>
/// The parse side of a multi-file import: one driver thread hashes and parses the files in order, back to back, each
/// into its own <see cref="ImportPipeline"/>, while the caller's thread writes the previous file, checks it and commits
/// it. So the parse of file k + 1 overlaps the inserts, post-processing and commit of file k, and a date-major file
/// (held and sorted before it is written) is parsed while the file before it is still being written.
/// <para>Files are handed over in order (<see cref="Next"/>); the driver runs at most one file ahead. A file whose SHA-256
/// is already in the database (checked on a read-only connection) or earlier in the same batch is not parsed: the
/// writer then finds it in <c>files</c> and reports it as already imported. Parse errors are reported by the writer
/// when it reaches that file, so "stop at the first invalid file" is unchanged. <see cref="Dispose"/> stops the driver
/// and every pipeline (used when the writer fails).</para>
/// </summary>
internal sealed class ImportPrefetcher : IDisposable
{
    /// <summary>Chunks (of 16,384 rows) a prefetched file may run ahead of its writer: about a million rows, ~120 MB.</summary>
    private const int PrefetchChunks = 64;

    private readonly IReadOnlyList<string> _files;
    private readonly string _database;
    private readonly string? _indexName;
    private readonly BlockingCollection<PreparedFile> _ready = new(1);
    private readonly ConcurrentQueue<ParsedBar[]> _pool = new();
    private readonly ConcurrentBag<ImportPipeline> _pipelines = [];
    private readonly CancellationTokenSource _cancel = new();
    private readonly Thread _driver;

    /// <param name="files">The files, in import order.</param>
    /// <param name="database">The database file, opened read-only by the driver to skip files already imported.</param>
    /// <param name="indexName">An explicit index series name for index files (null: from the file names).</param>
    public ImportPrefetcher(IReadOnlyList<string> files, string database, string? indexName = null)
    {
        _files = files;
        _database = database;
        _indexName = indexName;
        _driver = new Thread(Drive) { IsBackground = true, Name = "kosmo-import-prefetch" };
        _driver.Start();
    }

    /// <summary>The next file in order (blocks until the driver has hashed it and started its parse).</summary>
    /// <exception cref="InvalidOperationException">Called more often than there are files.</exception>
    public PreparedFile Next() => _ready.Take();

    private void Drive()
    {
        var batch = new HashSet<string>(StringComparer.Ordinal);
        SqliteConnection? ro = null;
        try
        {
            foreach (var path in _files)
            {
                var file = Prepare(path, batch, ref ro);
                _ready.Add(file, _cancel.Token);
                if (file.Pipeline is { } pipeline)
                {
                    pipeline.Produce(file.Parser!); // returns at the end of the file, or at once when cancelled
                }
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            // Dispose: the writer stopped.
        }
        finally
        {
            ro?.Dispose();
            _ready.CompleteAdding();
        }
    }

    private PreparedFile Prepare(string path, HashSet<string> batch, ref SqliteConnection? ro)
    {
        try
        {
            if (!File.Exists(path))
            {
                return new PreparedFile(path, "", null, null, new DataValidationException(path, 0, "", "no such file"));
            }

            var sha = Importer.Sha256(path);
            if (!batch.Add(sha) || AlreadyImported(sha, ref ro))
            {
                return new PreparedFile(path, sha, null, null, null);
            }

            var pipeline = new ImportPipeline(null, PrefetchChunks, _pool);
            _pipelines.Add(pipeline);
            if (_cancel.IsCancellationRequested)
            {
                pipeline.Cancel();
            }

            return new PreparedFile(path, sha, new FileParser(path, _indexName), pipeline, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new PreparedFile(path, "", null, null, e);
        }
    }

    private bool AlreadyImported(string sha, ref SqliteConnection? ro)
    {
        if (ro is null)
        {
            ro = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            ro.Open();
        }

        using var cmd = ro.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM files WHERE sha256=$h";
        cmd.Parameters.AddWithValue("$h", sha);
        return cmd.ExecuteScalar() is not null;
    }

    /// <summary>Stops the driver and every pipeline, and waits for the driver to finish.</summary>
    public void Dispose()
    {
        _cancel.Cancel();
        foreach (var p in _pipelines)
        {
            p.Cancel();
        }

        _driver.Join();
        _cancel.Dispose();
        _ready.Dispose();
    }
}
