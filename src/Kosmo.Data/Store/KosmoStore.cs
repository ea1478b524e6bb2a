using Kosmo.Core;
using Kosmo.Data.Import;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Store;

/// <summary>
/// The SQLite database <c>data/kosmo.db</c> (schema: <see cref="KosmoSchema"/>). Opening creates the file,
/// the tables and the fixed <c>sources</c> rows when missing. The journal is WAL with synchronous=NORMAL:
/// every import is one transaction, so a failed or killed import leaves the database as it was. A new database gets
/// 16 KiB pages.
/// </summary>
public sealed class KosmoStore : IDisposable
{
    private KosmoStore(string path, SqliteConnection connection)
    {
        Path = path;
        Connection = connection;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The open connection (for readers such as the panel loader).</summary>
    public SqliteConnection Connection { get; }

    /// <summary>Opens (creating when missing) the database at <paramref name="path"/> for writing.</summary>
    /// <exception cref="StoreException">The path is a folder, the file is not a SQLite database (or is damaged), its schema
    /// version is newer than this code reads, or it cannot be written (read-only file or folder).</exception>
    public static KosmoStore Open(string path)
    {
        SqliteSetup.Init();
        var full = System.IO.Path.GetFullPath(path);
        CheckFile(full);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var created = !File.Exists(full) || new FileInfo(full).Length == 0;
        return Connect(full, new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString(), store =>
        {
            if (created)
            {
                // Must precede the first write (and WAL mode). 16 KiB pages: fewer page splits on bulk inserts and fewer
                // pages per range scan than the 4 KiB default; existing databases keep their page size.
                store.Execute("PRAGMA page_size=16384;");
            }

            store.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=ON;");
            store.EnsureSchema();
        });
    }

    /// <summary>
    /// Opens an existing database for reading only: no WAL switch, no schema set-up, no write of any kind (the file's bytes
    /// and mtime stay as they are; see <see cref="ReadOnlyConnectionString"/>). A version-1 database is read as it is.
    /// </summary>
    /// <exception cref="FileNotFoundException">No database at <paramref name="path"/> (or an empty file).</exception>
    /// <exception cref="StoreException">A folder, a corrupt file, or a newer schema version.</exception>
    public static KosmoStore OpenReadOnly(string path)
    {
        SqliteSetup.Init();
        var full = System.IO.Path.GetFullPath(path);
        CheckFile(full);
        if (!File.Exists(full) || new FileInfo(full).Length == 0)
        {
            throw new FileNotFoundException($"no database at {path}; run 'kosmo data import' first", path);
        }

        return Connect(full, ReadOnlyConnectionString(full), store =>
        {
            using var cmd = store.Connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='meta'";
            if ((long)cmd.ExecuteScalar()! == 0)
            {
                throw new StoreException(full, StoreProblem.Corrupt, "a SQLite file but not a Kosmo database (no meta table)");
            }

            cmd.CommandText = "SELECT value FROM meta WHERE key='schema_version'";
            var stored = int.TryParse(cmd.ExecuteScalar() as string, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1;
            if (stored > KosmoSchema.Version || stored < 1)
            {
                throw new StoreException(full, StoreProblem.NewerSchema,
                    $"schema version {stored} is not one this Kosmo can read (it reads 1..{KosmoSchema.Version}); use a newer Kosmo or re-import into a new database");
            }
        });
    }

    /// <summary>
    /// Opens a connection to <paramref name="full"/> and runs <paramref name="setUp"/> on the new store; on any failure the
    /// store is disposed and a SQLite error is translated into a <see cref="StoreException"/>.
    /// </summary>
    private static KosmoStore Connect(string full, string connectionString, Action<KosmoStore> setUp)
    {
        var connection = new SqliteConnection(connectionString);
        var store = new KosmoStore(full, connection);
        try
        {
            connection.Open();
            setUp(store);
        }
        catch (SqliteException e)
        {
            store.Dispose();
            throw Translate(full, e);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>
    /// The connection string of a read-only open. When no <c>-wal</c> file lies beside the database (every commit is in the
    /// main file, the state after any import has closed) the file is opened <c>immutable</c>: SQLite then takes no locks
    /// and creates no <c>-wal</c> / <c>-shm</c> files, so a database in a read-only folder (a shared cluster copy) reads,
    /// and nothing beside it changes. With a <c>-wal</c> file (an import is running or was killed) it is a plain
    /// read-only open, which reads the committed rows in the WAL too. Do not import into a database while a read
    /// command opened without a <c>-wal</c> file is reading it.
    /// </summary>
    public static string ReadOnlyConnectionString(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full + "-wal"))
        {
            return new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        }

        var uri = "file:" + full.Replace("%", "%25", StringComparison.Ordinal).Replace("?", "%3f", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal) + "?immutable=1";
        return new SqliteConnectionStringBuilder { DataSource = uri, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
    }

    private static void CheckFile(string full)
    {
        if (Directory.Exists(full))
        {
            throw new StoreException(full, StoreProblem.IsDirectory, "is a folder; --db must name a database file (e.g. data/kosmo.db)");
        }

        if (!File.Exists(full) || new FileInfo(full).Length == 0)
        {
            return;
        }

        Span<byte> header = stackalloc byte[16];
        int n;
        using (var f = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            n = f.ReadAtLeast(header, 16, throwOnEndOfStream: false);
        }

        if (n < 16 || !header.SequenceEqual("SQLite format 3\0"u8))
        {
            throw new StoreException(full, StoreProblem.Corrupt, "not a SQLite database (bad file header); point --db at a Kosmo database or a new file");
        }
    }

    private static Exception Translate(string full, SqliteException e) => e.SqliteErrorCode switch
    {
        11 or 26 => new StoreException(full, StoreProblem.Corrupt, $"the database is damaged or not a SQLite file ({e.Message.ReplaceLineEndings(" ")})", e),
        3 or 8 or 14 => new StoreException(full, StoreProblem.ReadOnly, $"cannot write the database (read-only file or folder; {e.Message.ReplaceLineEndings(" ")}); use a writable --db for this command", e),
        _ => e,
    };

    /// <summary>The source_id of a source name (seeded on open).</summary>
    /// <exception cref="ArgumentException">Unknown source name.</exception>
    public int SourceId(string name)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = "SELECT source_id FROM sources WHERE name=$n";
        cmd.Parameters.AddWithValue("$n", name);
        return cmd.ExecuteScalar() is long id ? (int)id : throw new ArgumentException($"unknown source '{name}'", nameof(name));
    }

    /// <summary>
    /// Imports one file in one transaction (skipped when its SHA-256 is already in <c>files</c>). A file whose name this
    /// source imported before with other content (a re-downloaded yearly file) replaces that source's stored rows for the
    /// codes and dates it holds, in the same transaction (<see cref="ImportSummary.ReplacedRows"/>).
    /// </summary>
    /// <param name="file">A marcap, OHLCV, index or code-list CSV (.csv or .csv.gz), or a marcap/OHLCV parquet file.</param>
    /// <param name="progress">Called with the running row count every 65,536 rows (optional).</param>
    /// <param name="options">Import choices (an explicit index name); null: none.</param>
    /// <exception cref="DataValidationException">The file failed validation; the database is unchanged.</exception>
    public ImportSummary Import(string file, Action<long>? progress = null, ImportOptions? options = null) => new Importer(this, progress, options).Import(file);

    /// <summary>
    /// Imports files and folders (a folder contributes its *.csv, *.csv.gz and *.parquet files, recursively, sorted by
    /// path), one transaction per file. Stops at the first invalid file; files imported before it stay imported (each
    /// file is atomic; the caller's onFile has seen each of them). A header-only file is reported with NoRows and not recorded.
    /// With several files, the next file is hashed and parsed on a second thread while this one writes, checks and
    /// commits the previous one (<see cref="ImportPrefetcher"/>); what is stored and reported is the same as importing
    /// the files one by one.
    /// </summary>
    /// <param name="paths">Files and folders.</param>
    /// <param name="onFile">Called after each file with its summary.</param>
    /// <param name="onStart">Called with each file's path before it is written.</param>
    /// <param name="progress">Called with the current file's running row count every 65,536 rows.</param>
    /// <param name="options">Import choices for every file (an explicit index name); null: none.</param>
    /// <exception cref="DataValidationException">A file failed validation.</exception>
    /// <exception cref="FileNotFoundException">A path does not exist.</exception>
    public IReadOnlyList<ImportSummary> ImportAll(IEnumerable<string> paths, Action<ImportSummary>? onFile = null,
        Action<string>? onStart = null, Action<long>? progress = null, ImportOptions? options = null)
    {
        var files = ExpandPaths(paths);
        var results = new List<ImportSummary>();
        if (files.Count < 2 || !File.Exists(Path))
        {
            foreach (var file in files)
            {
                onStart?.Invoke(file);
                var s = Import(file, progress, options);
                onFile?.Invoke(s);
                results.Add(s);
            }

            return results;
        }

        // Checkpoints run beside the writer instead of inside its commits; restored (and caught up on close) afterwards.
        Execute("PRAGMA wal_autocheckpoint=0;");
        try
        {
            using var checkpointer = new WalCheckpointer(Path);
            using var prefetch = new ImportPrefetcher(files, Path, options?.IndexName);
            foreach (var file in files)
            {
                onStart?.Invoke(file);
                var s = new Importer(this, progress, options).Import(prefetch.Next());
                checkpointer.Request();
                onFile?.Invoke(s);
                results.Add(s);
            }
        }
        finally
        {
            Execute("PRAGMA wal_autocheckpoint=1000;");
        }

        return results;
    }

    /// <summary>
    /// Expands folders to their *.csv / *.csv.gz / *.parquet files (recursively, sorted); files are passed through. Symbolic
    /// links are followed, but each real folder is visited once, so a link cycle cannot loop.
    /// </summary>
    /// <exception cref="FileNotFoundException">A path does not exist, or a folder holds no importable file.</exception>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                var found = new List<string>();
                Walk(p, visited, found);
                if (found.Count == 0)
                {
                    throw new FileNotFoundException($"no .csv, .csv.gz or .parquet files in folder {p}: nothing to import", p);
                }

                files.AddRange(found.Order(StringComparer.Ordinal));
            }
            else if (File.Exists(p))
            {
                files.Add(p);
            }
            else
            {
                throw new FileNotFoundException($"no such file or folder: {p}", p);
            }
        }

        return files;
    }

    private static void Walk(string dir, HashSet<string> visited, List<string> found)
    {
        if (!visited.Add(RealPath(dir)))
        {
            return;
        }

        foreach (var f in Directory.EnumerateFiles(dir))
        {
            if (f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase)
                || f.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            {
                found.Add(f);
            }
        }

        foreach (var d in Directory.EnumerateDirectories(dir))
        {
            Walk(d, visited, found);
        }
    }

    /// <summary>The folder's path with every symbolic link resolved (component by component, link targets too).</summary>
    private static string RealPath(string dir, int depth = 0)
    {
        if (depth > 40)
        {
            throw new IOException($"too many levels of symbolic links at {dir}");
        }

        var full = System.IO.Path.GetFullPath(dir);
        var root = System.IO.Path.GetPathRoot(full) ?? "/";
        var real = root;
        foreach (var part in full[root.Length..].Split(System.IO.Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = System.IO.Path.Combine(real, part);
            real = new DirectoryInfo(next).LinkTarget is { } target ? RealPath(System.IO.Path.GetFullPath(target, real), depth + 1) : next;
        }

        return real;
    }

    /// <summary>Summary tables for <c>kosmo data info</c>.</summary>
    public StoreInfo Info() => StoreInfo.Read(Connection);

    internal void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var cmd = Connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private void EnsureSchema()
    {
        using var tx = Connection.BeginTransaction();
        Execute(KosmoSchema.Ddl, tx);
        using (var cmd = Connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT OR IGNORE INTO meta(key,value) VALUES('schema_version',$v)";
            cmd.Parameters.AddWithValue("$v", KosmoSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            cmd.ExecuteNonQuery();
            cmd.CommandText = "SELECT value FROM meta WHERE key='schema_version'";
            var stored = int.TryParse(cmd.ExecuteScalar() as string, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1;
            if (stored > KosmoSchema.Version || stored < 1)
            {
                throw new StoreException(Path, StoreProblem.NewerSchema,
                    $"schema version {stored} is not one this Kosmo can read (it reads 1..{KosmoSchema.Version}); use a newer Kosmo or re-import into a new database with 'kosmo data import'");
            }

            if (stored == 1)
            {
                // v1 -> v2: the (date, code) index is gone; nothing reads by it any more.
                Execute("DROP INDEX IF EXISTS bars_by_date; UPDATE meta SET value='2' WHERE key='schema_version';", tx);
            }

            if (stored <= 2)
            {
                // v2 -> v3: the market of each day (NULL on the stored rows: the stock's market applies, as before); marcap
                // files imported before carried a market per row that was not kept, so their hash is marked stale and
                // importing them again replaces their rows with rows that keep it.
                cmd.CommandText = "SELECT COUNT(*) FROM pragma_table_info('bars') WHERE name='market'";
                if ((long)cmd.ExecuteScalar()! == 0)
                {
                    Execute("ALTER TABLE bars ADD COLUMN market INTEGER;", tx);
                }

                Execute($"UPDATE files SET sha256='{KosmoSchema.StaleHashPrefix}'||sha256 WHERE format='marcap' AND sha256 NOT LIKE '{KosmoSchema.StaleHashPrefix}%'; "
                    + "UPDATE meta SET value='3' WHERE key='schema_version';", tx);
            }
        }

        foreach (var s in SourceInfo.All)
        {
            using var cmd = Connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT OR IGNORE INTO sources(name,price_basis,precedence) VALUES($n,$b,$p)";
            cmd.Parameters.AddWithValue("$n", s.Name);
            cmd.Parameters.AddWithValue("$b", s.PriceBasis);
            cmd.Parameters.AddWithValue("$p", s.Precedence);
            cmd.ExecuteNonQuery();
        }

        tx.Commit();
    }

    /// <inheritdoc />
    public void Dispose() => Connection.Dispose();
}
