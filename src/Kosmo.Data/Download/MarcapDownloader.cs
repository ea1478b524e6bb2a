using System.Diagnostics;
using Kosmo.Core;
using Kosmo.Data.Import;
using Kosmo.Data.Store;

namespace Kosmo.Data.Download;

/// <summary>
/// Fetches FinanceData/marcap year files into a folder: <c>marcap-YYYY.parquet</c>, or <c>marcap-YYYY.csv.gz</c> where
/// the parquet is 404. A file already here is re-checked with <c>If-None-Match</c> / <c>If-Modified-Since</c> (304 keeps
/// it); a past year whose server gave no validator is kept without asking; the current year is always re-checked.
/// <see cref="ImportAsync"/> then imports the files; a file that fails to import is deleted, fetched once more and
/// imported again (the importer's one transaction per file means nothing is ever imported half).
/// </summary>
public sealed class MarcapDownloader : HttpDownloader
{
    private static readonly string[] _extensions = ["parquet", "csv.gz"];

    /// <summary>Creates a downloader.</summary>
    /// <param name="settings">Delays and retries.</param>
    /// <param name="progress">Where progress goes.</param>
    /// <param name="client">An HTTP client to use instead of the downloader's own (one connection per server).</param>
    public MarcapDownloader(DownloadSettings settings, IDownloadProgress progress, HttpClient? client = null)
        : base(settings, progress, client)
    {
    }

    /// <summary>The file name of a year: <c>marcap-YYYY.EXT</c>.</summary>
    public static string FileName(int year, string extension) => $"marcap-{year}.{extension}";

    /// <summary>What a download would do, one line per year, without any request (<c>--dry-run</c>).</summary>
    public static IReadOnlyList<string> DryRun(MarcapDownloadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manifest = Directory.Exists(request.Dir) ? DownloadManifest.Load(request.Dir) : null;
        var lines = new List<string>();
        foreach (var year in request.Years)
        {
            var local = Local(request, manifest, year);
            var urls = $"{request.Url(year, "parquet")} (else {FileName(year, "csv.gz")})";
            lines.Add(local switch
            {
                null => $"{year}: fetch {urls}",
                var (path, entry) when Keep(request, year, path, entry) => $"{year}: keep {Path.GetFileName(path)} ({entry.Size:N0} bytes; past year, no validator to re-check)",
                var (path, entry) => $"{year}: re-check {urls} against {Path.GetFileName(path)} ({entry.Size:N0} bytes{(entry.ETag is null ? "" : ", ETag " + entry.ETag)}); fetched only if changed",
            });
        }

        return lines;
    }

    /// <summary>Fetches every requested year that is missing or changed.</summary>
    /// <exception cref="DownloadException">A year exists in neither format (after every other year was tried), retries ran out, or a file was damaged twice.</exception>
    public async Task<MarcapDownloadResult> DownloadAsync(MarcapDownloadRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Directory.CreateDirectory(request.Dir);
        var manifest = DownloadManifest.Load(request.Dir);
        var clock = Stopwatch.StartNew();
        var results = new List<MarcapYearResult>();
        var missing = new List<int>();
        long bytes = 0;
        foreach (var year in request.Years)
        {
            var result = await FetchYearAsync(request, manifest, year, conditional: true, ct).ConfigureAwait(false);
            if (result is null)
            {
                missing.Add(year);
                continue;
            }

            bytes += result.Bytes;
            results.Add(new MarcapYearResult(year, result));
        }

        if (missing.Count > 0)
        {
            throw new DownloadException(
                $"no marcap file for {string.Join(", ", missing)}: neither {request.Url(missing[0], "parquet")} nor {FileName(missing[0], "csv.gz")} exists there (HTTP 404). " +
                "Check --years (marcap starts in 1995) and --base-url. Files fetched so far are kept and the next call resumes; nothing was imported.");
        }

        return new MarcapDownloadResult(results, Fetcher.Requests, bytes, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Imports the downloaded files, oldest year first, through <paramref name="import"/> (the store's import entry
    /// point). A file that fails validation, and fails on its own too (in an empty scratch database), is deleted, fetched
    /// again once and imported again; a failure that comes from the database's contents is thrown at once.
    /// </summary>
    /// <exception cref="DataValidationException">The file failed to import twice (the second failure is thrown).</exception>
    /// <exception cref="DownloadException">The re-fetch failed.</exception>
    public async Task<IReadOnlyList<ImportSummary>> ImportAsync(MarcapDownloadRequest request, MarcapDownloadResult downloaded, Func<string, ImportSummary> import, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(downloaded);
        ArgumentNullException.ThrowIfNull(import);
        var summaries = new List<ImportSummary>();
        foreach (var year in downloaded.Years)
        {
            var path = year.Fetch.Path;
            try
            {
                summaries.Add(import(path));
            }
            catch (DataValidationException e) when (FailsOnItsOwn(path))
            {
                Progress.Note($"{Path.GetFileName(path)} failed to import ({e.Message}); deleting it and fetching it once more");
                var manifest = DownloadManifest.Load(request.Dir);
                File.Delete(path);
                manifest.Files.Remove(Path.GetFileName(path));
                manifest.Save();
                var again = await FetchYearAsync(request, manifest, year.Year, conditional: false, ct).ConfigureAwait(false)
                    ?? throw new DownloadException($"{Path.GetFileName(path)} failed to import and is now gone from {request.BaseUrl} (HTTP 404)", e);
                summaries.Add(import(again.Path));
            }
        }

        return summaries;
    }

    /// <summary>
    /// True when <paramref name="path"/> also fails to import into an empty scratch database: the file itself is bad
    /// (worth fetching again). False when it imports there, so the failure came from the target database's contents
    /// (e.g. rows already imported from another file), which a new copy would not cure.
    /// </summary>
    private static bool FailsOnItsOwn(string path)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "kosmo-download-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            using var probe = KosmoStore.Open(Path.Combine(scratch, "probe.db"));
            probe.Import(path);
            return false;
        }
        catch (DataValidationException)
        {
            return true;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
                // a scratch file still open: left in the temp folder
            }
        }
    }

    private async Task<FetchResult?> FetchYearAsync(MarcapDownloadRequest request, DownloadManifest manifest, int year, bool conditional, CancellationToken ct)
    {
        if (conditional && Local(request, manifest, year) is var (path, entry) && Keep(request, year, path, entry))
        {
            Progress.Note($"{Path.GetFileName(path)}: kept (past year, {entry.Size:N0} bytes)");
            return new FetchResult(FetchStatus.Skipped, new Uri(entry.Url), path, 0, 0);
        }

        foreach (var extension in _extensions)
        {
            var target = Path.Combine(request.Dir, FileName(year, extension));
            var result = await Fetcher.FetchFileAsync(request.Url(year, extension), target, manifest, conditional, ct).ConfigureAwait(false);
            switch (result.Status)
            {
                case FetchStatus.NotFound:
                    Progress.Note($"{FileName(year, extension)}: not on the server (HTTP 404)");
                    continue;
                case FetchStatus.NotModified:
                    Progress.Note($"{FileName(year, extension)}: unchanged (HTTP 304)");
                    return result;
                default:
                    RemoveOtherFormat(request, manifest, year, extension);
                    return result;
            }
        }

        return null;
    }

    /// <summary>A year has one local file: fetching one format retires the other.</summary>
    private static void RemoveOtherFormat(MarcapDownloadRequest request, DownloadManifest manifest, int year, string kept)
    {
        foreach (var extension in _extensions.Where(e => e != kept))
        {
            var name = FileName(year, extension);
            File.Delete(Path.Combine(request.Dir, name));
            if (manifest.Files.Remove(name))
            {
                manifest.Save();
            }
        }
    }

    private static (string Path, ManifestEntry Entry)? Local(MarcapDownloadRequest request, DownloadManifest? manifest, int year)
    {
        foreach (var extension in _extensions)
        {
            var name = FileName(year, extension);
            var path = Path.Combine(request.Dir, name);
            if (manifest is not null && manifest.Files.TryGetValue(name, out var entry) && File.Exists(path) && new FileInfo(path).Length == entry.Size)
            {
                return (path, entry);
            }
        }

        return null;
    }

    private static bool Keep(MarcapDownloadRequest request, int year, string path, ManifestEntry entry) =>
        year < request.CurrentYear && !entry.HasValidator && File.Exists(path);
}
