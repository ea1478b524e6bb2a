using System.Diagnostics;
using System.Net;

namespace Kosmo.Data.Download;

/// <summary>
/// Fetches daily pages of the KRX Open API for a date range: stocks from <c>sto/stk_bydd_trd</c> (KOSPI),
/// <c>sto/ksq_bydd_trd</c> (KOSDAQ) and <c>sto/knx_bydd_trd</c> (KONEX), and the main KOSPI and KOSDAQ index rows
/// from <c>idx/kospi_dd_trd</c> and <c>idx/kosdaq_dd_trd</c>. Weekends are not asked for; a day whose KOSPI page is
/// empty is a holiday and skipped (never stored as zeros). Only after every page arrived are the files written:
/// <c>marcap_krx_FROM-TO.csv</c> (marcap format) and <c>index_KOSPI_krx_FROM-TO.csv</c> / <c>index_KOSDAQ_krx_FROM-TO.csv</c>.
/// A missing or rejected key (HTTP 400/401/403, a <c>LOGOUT</c> body) throws <see cref="KrxAuthException"/> before
/// anything is written.
/// </summary>
public sealed class KrxDownloader : HttpDownloader
{
    private static readonly (string Market, string Path)[] _stockPages =
        [("KOSPI", "sto/stk_bydd_trd"), ("KOSDAQ", "sto/ksq_bydd_trd"), ("KONEX", "sto/knx_bydd_trd")];

    private static readonly (string Index, string Path, string MainName)[] _indexPages =
        [("KOSPI", "idx/kospi_dd_trd", "코스피"), ("KOSDAQ", "idx/kosdaq_dd_trd", "코스닥")];

    /// <summary>Creates a downloader.</summary>
    /// <param name="settings">Delays and retries.</param>
    /// <param name="progress">Where progress goes.</param>
    /// <param name="client">An HTTP client to use instead of the downloader's own.</param>
    public KrxDownloader(DownloadSettings settings, IDownloadProgress progress, HttpClient? client = null)
        : base(settings, progress, client)
    {
    }

    /// <summary>Fetches the range and writes the files.</summary>
    /// <exception cref="KrxAuthException">The key was rejected (nothing written).</exception>
    /// <exception cref="DownloadException">A page could not be fetched or read (nothing written).</exception>
    /// <exception cref="ArgumentException">The range runs backwards.</exception>
    public async Task<KrxDownloadResult> DownloadAsync(KrxDownloadRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.To < request.From)
        {
            throw new ArgumentException($"--from {request.From:yyyy-MM-dd} is after --to {request.To:yyyy-MM-dd}");
        }

        var clock = Stopwatch.StartNew();
        var stockDays = new List<(DateOnly Date, List<KrxRow> Rows)>();
        var indexDays = _indexPages.ToDictionary(p => p.Index, _ => new List<(DateOnly Date, KrxRow Row)>(), StringComparer.Ordinal);
        var skipped = 0;
        for (var day = request.From; day <= request.To; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                skipped++;
                continue;
            }

            var rows = new List<KrxRow>();
            foreach (var (market, path) in _stockPages)
            {
                var page = await PageAsync(request, path, day, ct).ConfigureAwait(false);
                if (page.Count == 0 && market == "KOSPI")
                {
                    break; // no KOSPI rows: the exchange was closed
                }

                rows.AddRange(page);
            }

            if (rows.Count == 0)
            {
                Progress.Note($"{day:yyyy-MM-dd}: no trading (holiday), skipped");
                skipped++;
                continue;
            }

            stockDays.Add((day, rows));
            foreach (var (index, path, mainName) in _indexPages)
            {
                var page = await PageAsync(request, path, day, ct).ConfigureAwait(false);
                var main = page.FirstOrDefault(r => r.Text("IDX_NM") == mainName);
                if (main is null)
                {
                    Progress.Note($"{day:yyyy-MM-dd}: {path} has no '{mainName}' row; {index} skipped that day");
                    continue;
                }

                indexDays[index].Add((day, main));
            }

            Progress.Note($"{day:yyyy-MM-dd}: {rows.Count:N0} stocks");
        }

        return Write(request, stockDays, indexDays, skipped, clock);
    }

    private KrxDownloadResult Write(KrxDownloadRequest request, List<(DateOnly Date, List<KrxRow> Rows)> stockDays,
        Dictionary<string, List<(DateOnly Date, KrxRow Row)>> indexDays, int skipped, Stopwatch clock)
    {
        var files = new List<string>();
        long stockRows = 0, indexRows = 0;
        if (stockDays.Count > 0)
        {
            var span = FormattableString.Invariant($"{request.From:yyyyMMdd}-{request.To:yyyyMMdd}");
            try
            {
                var stocks = Path.Combine(request.Dir, $"marcap_krx_{span}.csv");
                stockRows = KrxCsvWriter.WriteStocks(stocks, stockDays);
                files.Add(stocks);
                foreach (var (index, days) in indexDays.Where(p => p.Value.Count > 0))
                {
                    var file = Path.Combine(request.Dir, $"index_{index}_krx_{span}.csv");
                    indexRows += KrxCsvWriter.WriteIndex(file, days);
                    files.Add(file);
                }
            }
            catch (FormatException e)
            {
                foreach (var f in files)
                {
                    File.Delete(f);
                }

                throw new DownloadException($"KRX Open API {request.From:yyyy-MM-dd}..{request.To:yyyy-MM-dd}: {e.Message}; nothing was written or imported", e);
            }
        }

        return new KrxDownloadResult(files, stockDays.Count, skipped, stockRows, indexRows, Fetcher.Requests, clock.Elapsed.TotalSeconds);
    }

    private async Task<IReadOnlyList<KrxRow>> PageAsync(KrxDownloadRequest request, string path, DateOnly day, CancellationToken ct)
    {
        var url = new Uri(FormattableString.Invariant($"{request.BaseUrl.TrimEnd('/')}/svc/apis/{path}?basDd={day:yyyyMMdd}"));
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["AUTH_KEY"] = request.AuthKey, ["Accept"] = "application/json" };
        var body = await Fetcher.GetStringAsync(url, headers, (status, text) => Reject(url, status, text), ct).ConfigureAwait(false);
        return KrxPage.Parse(body, url);
    }

    private static Exception? Reject(Uri url, HttpStatusCode status, string body)
    {
        var code = (int)status;
        if (code is 400 or 401 or 403)
        {
            return new KrxAuthException($"the KRX Open API refused the request for {url.AbsolutePath} (HTTP {code}): the key is missing, wrong, expired or not approved for this service. {KrxAuthKey.Advice}");
        }

        if (body.Contains("LOGOUT", StringComparison.Ordinal) || RespCode(body) is "401" or "403")
        {
            return new KrxAuthException($"the KRX Open API answered {url.AbsolutePath} with a logged-out / unauthorised page: the key is wrong, expired or not approved for this service. {KrxAuthKey.Advice}");
        }

        return code is >= 200 and < 300
            ? null
            : new DownloadException($"{url}: HTTP {code} {status}; check --base-url (default {KrxDownloadRequest.DefaultBaseUrl})");
    }

    private static string? RespCode(string body)
    {
        var i = body.IndexOf("\"respCode\"", StringComparison.Ordinal);
        if (i < 0)
        {
            return null;
        }

        var digits = body.AsSpan(i + 10).TrimStart(" :\"".AsSpan());
        var n = 0;
        while (n < digits.Length && char.IsAsciiDigit(digits[n]))
        {
            n++;
        }

        return n > 0 ? digits[..n].ToString() : null;
    }
}
