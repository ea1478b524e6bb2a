using Kosmo.Core;
using Kosmo.Data.Download;
using Kosmo.Data.Import;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Download;

/// <summary>
/// A real local HTTP server serving synthetic marcap years, a scratch database and download folder, and helpers to
/// download (and import) through <see cref="MarcapDownloader"/>: the shared set-up of the marcap download tests.
/// </summary>
public abstract class MarcapServerTest : IDisposable
{
    internal static readonly DownloadSettings Fast = new()
    {
        RequestDelay = TimeSpan.Zero,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetries = 3,
        MaxRetryAfter = TimeSpan.FromSeconds(5),
        StallTimeout = TimeSpan.FromSeconds(10),
    };

    protected MarcapServerTest()
    {
        Dir = Path.Combine(Db.Dir, "marcap");
    }

    protected FixtureServer Server { get; } = new();

    internal TempStore Db { get; } = new();

    protected string Dir { get; }

    protected Dictionary<int, (byte[] Gz, int Rows)> Years { get; } = MarcapFixtures.CsvGzYears();

    public void Dispose()
    {
        Server.Dispose();
        Db.Dispose();
        GC.SuppressFinalize(this);
    }

    internal const string Header = "Date,Code,Name,Market,MarketId,Dept,Open,High,Low,Close,ChangeCode,Changes,ChagesRatio,Volume,Amount,Marcap,Stocks,Rank";

    internal static IEnumerable<string> Rows(byte[] gz)
    {
        using var reader = new StreamReader(new System.IO.Compression.GZipStream(new MemoryStream(gz), System.IO.Compression.CompressionMode.Decompress));
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    protected void ServeCsvGz(params int[] years)
    {
        foreach (var y in years)
        {
            Server.File($"/data/marcap-{y}.csv.gz", Years[y].Gz);
        }
    }

    protected MarcapDownloadRequest Request(params int[] years) =>
        new() { Years = years, Dir = Dir, BaseUrl = Server.BaseUrl + "/data", CurrentYear = 2015 };

    protected Task<(MarcapDownloadResult, IReadOnlyList<ImportSummary>)> DownloadAndImport(params int[] years) =>
        DownloadAndImport(NullDownloadProgress.Instance, importToo: true, years);

    protected Task<(MarcapDownloadResult, IReadOnlyList<ImportSummary>)> DownloadAndImport(IDownloadProgress progress, params int[] years) =>
        DownloadAndImport(progress, importToo: true, years);

    protected async Task<(MarcapDownloadResult, IReadOnlyList<ImportSummary>)> DownloadAndImport(IDownloadProgress progress, bool importToo, params int[] years)
    {
        using var downloader = new MarcapDownloader(Fast, progress);
        var request = Request(years);
        var result = await downloader.DownloadAsync(request);
        var summaries = importToo ? await downloader.ImportAsync(request, result, f => Db.Store.Import(f)) : [];
        return (result, summaries);
    }
}
