using Kosmo.Data.Download;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Download;

/// <summary>
/// <see cref="KrxDownloader"/> against a real local HTTP server serving KRX Open API pages: marcap-format rows and
/// index files that import, holidays skipped, the key sent only as a header, and key errors that stop everything.
/// </summary>
public sealed class KrxDownloaderTests : IDisposable
{
    private const string Key = "test-key-0123456789";
    private static readonly DateOnly NewYear = new(2025, 1, 1);
    private static readonly DateOnly Day1 = new(2025, 1, 2);
    private static readonly DateOnly Day2 = new(2025, 1, 3);
    private readonly FixtureServer _server = new() { RequiredAuthKey = Key };
    private readonly TempStore _db = new();
    private readonly string _dir;

    public KrxDownloaderTests()
    {
        _dir = Path.Combine(_db.Dir, "krx");
        KrxFixtures.ServeHoliday(_server, NewYear);
        KrxFixtures.ServeTradingDay(_server, Day1);
        KrxFixtures.ServeTradingDay(_server, Day2, bump: 100);
    }

    public void Dispose()
    {
        _server.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task DownloadAsync_Should_WriteMarcapRowsAndIndexFilesThatImport_When_PagesHaveRows()
    {
        // Given a holiday, two trading days and a weekend (2025-01-01 .. 2025-01-05)
        // When downloaded and imported
        var result = await Download(NewYear, new DateOnly(2025, 1, 5));
        foreach (var file in result.Files)
        {
            _db.Store.Import(file);
        }

        // Then three files were written and every row is stored with commas parsed
        result.Files.Select(Path.GetFileName).Should().Equal("marcap_krx_20250101-20250105.csv", "index_KOSPI_krx_20250101-20250105.csv", "index_KOSDAQ_krx_20250101-20250105.csv");
        result.TradingDays.Should().Be(2);
        result.SkippedDays.Should().Be(3, "the holiday and the weekend");
        result.StockRows.Should().Be(6);
        _db.Scalar("SELECT COUNT(*) FROM bars").Should().Be(6);
        _db.Scalar("SELECT close FROM bars WHERE code = '005930' AND date = 20250102").Should().Be(53_400);
        _db.Scalar("SELECT shares FROM bars WHERE code = '005930' AND date = 20250103").Should().Be(5_969_782_550);
        _db.Scalar("SELECT COUNT(*) FROM bars WHERE date = 20250101").Should().Be(0, "a holiday is skipped, not stored as zeros");
        _db.Scalar("SELECT COUNT(*) FROM index_bars").Should().Be(4);
        var kospi = File.ReadAllLines(result.Files[1]);
        kospi.Should().Equal("Date,Open,High,Low,Close,Volume,Amount,MarCap", "2025-01-02,2397.50,2405.50,2394.50,2400.50,412345678,9876543210000,2001234567890000",
            "2025-01-03,2497.50,2505.50,2494.50,2500.50,412345678,9876543210000,2001234567890000");
        var stocks = File.ReadAllLines(result.Files[0]);
        stocks[0].Should().Be("Date,Code,Name,Market,MarketId,Dept,Open,High,Low,Close,ChangeCode,Changes,ChagesRatio,Volume,Amount,Marcap,Stocks,Rank");
        stocks.Should().Contain("2025-01-02,035720,\"에코, 프로\",KOSDAQ,KSQ,우량기업부,12000,12500,11900,12300,1,300,2.50,250000,3075000000,1100000000000,89000000,2");
        stocks.Should().Contain(l => l.StartsWith("2025-01-02,000020,동화약품,KOSPI,STK,,0,0,0,8000,0,", StringComparison.Ordinal), "a halted stock keeps marcap's zero prices and change code 0");
    }

    [Fact]
    public async Task DownloadAsync_Should_SendTheKeyOnlyAsAHeader_When_Fetching()
    {
        // Given one trading day
        // When downloaded
        var progress = new RecordingProgress();
        await Download(Day1, Day1, progress);

        // Then every request carried AUTH_KEY, no URL holds the key, and no progress line mentions it
        _server.Requests.Should().OnlyContain(r => r.AuthKey == Key && !r.Path.Contains(Key, StringComparison.Ordinal));
        _server.Requests.Select(r => r.Path).Should().Contain("/svc/apis/sto/stk_bydd_trd?basDd=20250102").And.Contain("/svc/apis/idx/kosdaq_dd_trd?basDd=20250102");
        progress.Notes.Should().NotContain(n => n.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadAsync_Should_WriteNothing_When_EveryDayIsAHoliday()
    {
        // Given a range holding only the holiday
        // When downloaded
        var result = await Download(NewYear, NewYear);

        // Then no file, one skipped day, and the other markets were not even asked
        result.Files.Should().BeEmpty();
        result.SkippedDays.Should().Be(1);
        _server.Requests.Should().ContainSingle().Which.Path.Should().Contain("stk_bydd_trd");
    }

    [Fact]
    public async Task DownloadAsync_Should_ThrowKeyAdviceAndWriteNothing_When_TheBodySaysLogout()
    {
        // Given a LOGOUT page on the second day's KOSDAQ endpoint
        _server.Page(KrxFixtures.StockPath("ksq_bydd_trd", Day2), "{\"error\":\"LOGOUT\"}");

        // When the range is downloaded
        var act = () => Download(Day1, Day2);

        // Then the key advice comes out, without the key, and no file was written
        var error = (await act.Should().ThrowAsync<KrxAuthException>()).Which;
        error.Message.Should().Contain("KRX_AUTH_KEY").And.Contain("--auth-key-file").And.Contain("apply").And.NotContain(Key);
        Directory.Exists(_dir).Should().BeFalse();
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    public async Task DownloadAsync_Should_ThrowKeyAdviceWithoutRetrying_When_TheServerRejectsTheRequest(int status)
    {
        // Given a rejection on the first page
        _server.Fault(KrxFixtures.StockPath("stk_bydd_trd", Day1), ServerFault.Http(status));

        // When downloaded
        var act = () => Download(Day1, Day1);

        // Then one request, the key advice, nothing written
        (await act.Should().ThrowAsync<KrxAuthException>()).Which.Message.Should().Contain($"HTTP {status}").And.Contain("KRX_AUTH_KEY");
        _server.Requests.Should().ContainSingle();
        Directory.Exists(_dir).Should().BeFalse();
    }

    [Fact]
    public async Task DownloadAsync_Should_ThrowKeyAdvice_When_TheKeyIsWrong()
    {
        // Given a key the server does not know (it answers 401 with respCode 401)
        // When downloaded with it
        var act = () => Download(Day1, Day1, key: "wrong-key");

        // Then the key advice
        (await act.Should().ThrowAsync<KrxAuthException>()).Which.Message.Should().Contain("HTTP 401").And.NotContain("wrong-key");
    }

    [Fact]
    public async Task DownloadAsync_Should_RetryAndSucceed_When_APageAnswers500ThenA429()
    {
        // Given a 500 and a 429 (Retry-After 1) before the KOSPI page
        _server.Fault(KrxFixtures.StockPath("stk_bydd_trd", Day1), ServerFault.Http(500), ServerFault.Http(429, retryAfterSeconds: 1));

        // When downloaded
        var result = await Download(Day1, Day1);

        // Then the third try got it and the day is complete
        _server.RequestsTo(KrxFixtures.StockPath("stk_bydd_trd", Day1)).Select(r => r.Status).Should().Equal(500, 429, 200);
        result.StockRows.Should().Be(3);
    }

    [Fact]
    public void Resolve_Should_ThrowKeyAdvice_When_NoKeyIsSet()
    {
        // Given no environment variable and no key file
        // When the key is resolved
        var act = () => KrxAuthKey.Resolve(null, _ => null);

        // Then the message says what to do
        act.Should().Throw<KrxAuthException>().Which.Message.Should().Contain("KRX_AUTH_KEY is not set").And.Contain("https://openapi.krx.co.kr");
    }

    [Fact]
    public void Resolve_Should_PreferTheKeyFile_When_BothAreGiven()
    {
        // Given a key file and an environment variable
        var file = Path.Combine(_db.Dir, "key.txt");
        File.WriteAllText(file, "  from-file\n");

        // When resolved
        var key = KrxAuthKey.Resolve(file, _ => "from-env");

        // Then the file wins, trimmed; an empty file is an error
        key.Should().Be("from-file");
        File.WriteAllText(file, "\n");
        var act = () => KrxAuthKey.Resolve(file, _ => "from-env");
        act.Should().Throw<KrxAuthException>().Which.Message.Should().Contain("is empty");
    }

    private async Task<KrxDownloadResult> Download(DateOnly from, DateOnly to, IDownloadProgress? progress = null, string key = Key)
    {
        using var downloader = new KrxDownloader(MarcapServerTest.Fast, progress ?? NullDownloadProgress.Instance);
        return await downloader.DownloadAsync(new KrxDownloadRequest { From = from, To = to, Dir = _dir, AuthKey = key, BaseUrl = _server.BaseUrl });
    }
}
