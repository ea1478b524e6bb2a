using System.Diagnostics;
using Kosmo.Core;
using Kosmo.Data.Download;
using Kosmo.Data.Import;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Download;

/// <summary>
/// <see cref="MarcapDownloader.DownloadAsync"/> against a real local HTTP server with injected faults: the csv.gz fallback,
/// retries, timeouts, resume with Range, truncated bodies, Retry-After and conditional re-checks.
/// </summary>
public sealed class MarcapDownloaderTests : MarcapServerTest
{
    [Fact]
    public async Task DownloadAsync_Should_FallBackToCsvGzAndImportEveryRow_When_TheParquetIs404()
    {
        // Given a server with csv.gz years only
        ServeCsvGz(2014, 2015);

        // When both years are downloaded and imported
        var (result, summaries) = await DownloadAndImport(2014, 2015);

        // Then each year asked for the parquet (404), fetched the csv.gz, and every row is in the database
        Server.RequestsTo("/data/marcap-2014.parquet").Should().ContainSingle().Which.Status.Should().Be(404);
        result.Years.Select(y => Path.GetFileName(y.Fetch.Path)).Should().Equal("marcap-2014.csv.gz", "marcap-2015.csv.gz");
        File.ReadAllBytes(Path.Combine(Dir, "marcap-2014.csv.gz")).Should().Equal(Years[2014].Gz);
        summaries.Should().OnlyContain(s => s.Source == "marcap");
        Db.Scalar("SELECT COUNT(*) FROM bars").Should().Be(Years[2014].Rows + Years[2015].Rows);
        File.Exists(Path.Combine(Dir, DownloadManifest.FileName)).Should().BeTrue();
    }

    [Fact]
    public async Task DownloadAsync_Should_FailClearlyAndImportNothing_When_AYearIs404InBothFormats()
    {
        // Given 2014 on the server but not 2016
        ServeCsvGz(2014);

        // When 2014 and 2016 are asked for
        var act = () => DownloadAndImport(2014, 2016);

        // Then the error names the year, both formats and what to check; 2014 is kept on disk; nothing is imported
        var error = (await act.Should().ThrowAsync<DownloadException>()).Which;
        error.Message.Should().Contain("2016").And.Contain("marcap-2016.parquet").And.Contain("csv.gz").And.Contain("--years").And.Contain("nothing was imported");
        File.Exists(Path.Combine(Dir, "marcap-2014.csv.gz")).Should().BeTrue();
        Db.Scalar("SELECT COUNT(*) FROM bars").Should().Be(0);
    }

    [Fact]
    public async Task DownloadAsync_Should_RetryAndSucceed_When_TheServerAnswers500Twice()
    {
        // Given two 500s before the file
        ServeCsvGz(2014);
        Server.Fault("/data/marcap-2014.csv.gz", ServerFault.Http(500), ServerFault.Http(503));

        // When downloaded
        var (result, _) = await DownloadAndImport(2014);

        // Then the third try got it, byte for byte
        Server.RequestsTo("/data/marcap-2014.csv.gz").Select(r => r.Status).Should().Equal(500, 503, 200);
        result.Fetched.Should().Be(1);
        File.ReadAllBytes(result.Years[0].Fetch.Path).Should().Equal(Years[2014].Gz);
        Db.Scalar("SELECT COUNT(*) FROM bars").Should().Be(Years[2014].Rows);
    }

    [Fact]
    public async Task DownloadAsync_Should_FailClearlyAndLeaveTheDatabaseUnchanged_When_RetriesRunOut()
    {
        // Given more 500s than retries
        ServeCsvGz(2014);
        Server.Fault("/data/marcap-2014.csv.gz", Enumerable.Repeat(ServerFault.Http(500), Fast.MaxRetries + 1).ToArray());

        // When downloaded
        var act = () => DownloadAndImport(2014);

        // Then the error says it gave up and how to resume, and nothing is imported
        (await act.Should().ThrowAsync<DownloadException>()).Which.Message.Should().Contain("HTTP 500").And.Contain("gave up after 4 tries").And.Contain("resume");
        Db.Scalar("SELECT COUNT(*) FROM bars").Should().Be(0);
        File.Exists(Path.Combine(Dir, "marcap-2014.csv.gz")).Should().BeFalse();
    }

    [Fact]
    public async Task DownloadAsync_Should_ResumeWithRangeAndKeepTheBytesIdentical_When_TheConnectionClosesHalfway()
    {
        // Given a server that drops the connection after half of the file
        ServeCsvGz(2014);
        Server.Fault("/data/marcap-2014.csv.gz", ServerFault.CloseHalfway);

        // When downloaded
        var (result, _) = await DownloadAndImport(2014);

        // Then the second request asked for the rest (Range) and got 206, and the file is byte-identical
        var requests = Server.RequestsTo("/data/marcap-2014.csv.gz");
        requests.Should().HaveCount(2);
        requests[1].Range.Should().MatchRegex(@"^bytes=\d+-$");
        long.Parse(requests[1].Range![6..^1], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(0).And.BeLessThan(Years[2014].Gz.Length);
        requests[1].Status.Should().Be(206);
        File.ReadAllBytes(result.Years[0].Fetch.Path).Should().Equal(Years[2014].Gz);
        File.Exists(result.Years[0].Fetch.Path + ".part").Should().BeFalse();
        Db.Scalar("SELECT COUNT(*) FROM bars").Should().Be(Years[2014].Rows);
    }

    [Fact]
    public async Task DownloadAsync_Should_ResumeInASecondCall_When_AnEarlierCallLeftAPartFile()
    {
        // Given a first call whose every try is dropped halfway (retries off), leaving a .part file
        ServeCsvGz(2014);
        Server.Fault("/data/marcap-2014.csv.gz", ServerFault.CloseHalfway);
        using (var once = new MarcapDownloader(Fast with { MaxRetries = 0 }, NullDownloadProgress.Instance))
        {
            var first = () => once.DownloadAsync(Request(2014));
            await first.Should().ThrowAsync<DownloadException>();
        }

        File.Exists(Path.Combine(Dir, "marcap-2014.csv.gz.part")).Should().BeTrue();

        // When the command runs again
        var (result, _) = await DownloadAndImport(2014);

        // Then it resumed from the part file and the bytes are identical
        Server.RequestsTo("/data/marcap-2014.csv.gz").Last().Status.Should().Be(206);
        File.ReadAllBytes(result.Years[0].Fetch.Path).Should().Equal(Years[2014].Gz);
    }

    [Fact]
    public async Task DownloadAsync_Should_DetectAndRefetch_When_ABodyIsTruncatedWithACorrectStatus()
    {
        // Given one 200 answer carrying only half of the gzip file (consistent Content-Length)
        ServeCsvGz(2014);
        Server.Fault("/data/marcap-2014.csv.gz", ServerFault.Truncate);
        var notes = new RecordingProgress();

        // When downloaded
        var (result, _) = await DownloadAndImport(notes, 2014);

        // Then the damage was detected, the file fetched again, and the final bytes are whole
        Server.RequestsTo("/data/marcap-2014.csv.gz").Should().HaveCount(2);
        notes.Notes.Should().Contain(n => n.Contains("gzip", StringComparison.Ordinal) && n.Contains("fetching it once more", StringComparison.Ordinal));
        File.ReadAllBytes(result.Years[0].Fetch.Path).Should().Equal(Years[2014].Gz);
        Db.Scalar("SELECT COUNT(*) FROM bars").Should().Be(Years[2014].Rows);
    }

    [Fact]
    public async Task DownloadAsync_Should_FailClearlyAndImportNothing_When_TheBodyIsTruncatedTwice()
    {
        // Given two truncated answers in a row
        ServeCsvGz(2014);
        Server.Fault("/data/marcap-2014.csv.gz", ServerFault.Truncate, ServerFault.Truncate);

        // When downloaded
        var act = () => DownloadAndImport(2014);

        // Then a clear error, no local file, nothing imported
        (await act.Should().ThrowAsync<DownloadException>()).Which.Message.Should().Contain("marcap-2014.csv.gz").And.Contain("again after a fresh download");
        File.Exists(Path.Combine(Dir, "marcap-2014.csv.gz")).Should().BeFalse();
        File.Exists(Path.Combine(Dir, "marcap-2014.csv.gz.part")).Should().BeFalse();
        Db.Scalar("SELECT COUNT(*) FROM bars").Should().Be(0);
    }

    [Fact]
    public async Task DownloadAsync_Should_LeaveAnExistingDatabaseUnchanged_When_ALaterYearIsDamagedTwice()
    {
        // Given a database that already holds 2014, and a server whose 2015 is truncated twice
        ServeCsvGz(2014, 2015);
        await DownloadAndImport(2014);
        var before = Db.Dump();
        var filesBefore = Db.Dump("files");
        Server.Fault("/data/marcap-2015.csv.gz", ServerFault.Truncate, ServerFault.Truncate);

        // When both years are downloaded again
        var act = () => DownloadAndImport(2014, 2015);

        // Then the call fails clearly, and the database (rows and file records) is exactly as before
        await act.Should().ThrowAsync<DownloadException>();
        Db.Dump().Should().Equal(before);
        Db.Dump("files").Should().Equal(filesBefore);
    }

    [Fact]
    public async Task DownloadAsync_Should_FetchAgainWithoutAConditionalRequest_When_TheLocalFileWasAltered()
    {
        // Given a downloaded year whose local copy was then cut short by someone
        ServeCsvGz(2014);
        await DownloadAndImport(NullDownloadProgress.Instance, importToo: false, 2014);
        var local = Path.Combine(Dir, "marcap-2014.csv.gz");
        File.WriteAllBytes(local, Years[2014].Gz[..100]);

        // When called again
        var (result, _) = await DownloadAndImport(NullDownloadProgress.Instance, importToo: false, 2014);

        // Then it did not ask "changed since?" (a 304 would keep the damaged copy) and the file is whole again
        Server.RequestsTo("/data/marcap-2014.csv.gz").Last().IfNoneMatch.Should().BeNull();
        result.Fetched.Should().Be(1);
        File.ReadAllBytes(local).Should().Equal(Years[2014].Gz);
    }

    [Fact]
    public async Task DownloadAsync_Should_RetryAndSucceed_When_TheServerStallsPastTheTimeout()
    {
        // Given a server that says nothing for 1.5 s on the first request, and a 300 ms stall timeout
        ServeCsvGz(2014);
        Server.Fault("/data/marcap-2014.csv.gz", ServerFault.Stall);
        var notes = new RecordingProgress();
        using var downloader = new MarcapDownloader(Fast with { StallTimeout = TimeSpan.FromMilliseconds(300) }, notes);

        // When downloaded
        var result = await downloader.DownloadAsync(Request(2014));

        // Then the timeout was reported, retried, and the file is whole
        notes.Notes.Should().Contain(n => n.Contains("no response for", StringComparison.Ordinal) && n.Contains("retry 1 of 3", StringComparison.Ordinal));
        File.ReadAllBytes(result.Years[0].Fetch.Path).Should().Equal(Years[2014].Gz);
    }

    [Fact]
    public async Task DownloadAsync_Should_WaitForRetryAfter_When_TheServerAnswers429()
    {
        // Given a 429 with Retry-After: 1
        ServeCsvGz(2014);
        Server.Fault("/data/marcap-2014.csv.gz", ServerFault.Http(429, retryAfterSeconds: 1));

        // When downloaded
        var clock = Stopwatch.StartNew();
        var (result, _) = await DownloadAndImport(2014);

        // Then the retry came about a second later (not the 10 ms backoff) and succeeded
        var requests = Server.RequestsTo("/data/marcap-2014.csv.gz");
        requests.Select(r => r.Status).Should().Equal(429, 200);
        (requests[1].At - requests[0].At).Should().BeGreaterThan(TimeSpan.FromMilliseconds(900));
        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900));
        result.Fetched.Should().Be(1);
    }

    [Fact]
    public async Task DownloadAsync_Should_FetchNothingThenOnlyTheChangedYear_When_CalledAgain()
    {
        // Given a first download of 2014 and 2015
        ServeCsvGz(2014, 2015);
        await DownloadAndImport(2014, 2015);
        var before = Db.Dump();

        // When called again with nothing changed
        var (second, _) = await DownloadAndImport(2014, 2015);

        // Then every year was re-checked with its ETag and answered 304: no bytes, same database
        second.Fetched.Should().Be(0);
        second.Bytes.Should().Be(0);
        second.Years.Should().OnlyContain(y => y.Fetch.Status == FetchStatus.NotModified);
        Server.RequestsTo("/data/marcap-2015.csv.gz").Last().IfNoneMatch.Should().NotBeNull();
        Db.Dump().Should().Equal(before);

        // When 2015 changes on the server (one row fewer) and the command runs a third time
        var changed = MarcapFixtures.Gzip(Header, Rows(Years[2015].Gz).SkipLast(1).ToList());
        Server.File("/data/marcap-2015.csv.gz", changed);
        var (third, _) = await DownloadAndImport(NullDownloadProgress.Instance, importToo: false, 2014, 2015);

        // Then only 2015 was fetched, and the local copy is the new one
        third.Years.Single(y => y.Year == 2015).Fetch.Status.Should().Be(FetchStatus.Downloaded);
        third.Years.Single(y => y.Year == 2014).Fetch.Status.Should().Be(FetchStatus.NotModified);
        File.ReadAllBytes(Path.Combine(Dir, "marcap-2015.csv.gz")).Should().Equal(changed);
    }

    [Fact]
    public async Task DownloadAsync_Should_KeepPastYearsAndRecheckTheCurrentYear_When_TheServerSendsNoValidators()
    {
        // Given a server without ETag / Last-Modified, 2015 being the current year
        Server.SendValidators = false;
        ServeCsvGz(2014, 2015);
        await DownloadAndImport(NullDownloadProgress.Instance, importToo: false, 2014, 2015);
        var requestsBefore = Server.Requests.Count;

        // When called again
        var (second, _) = await DownloadAndImport(NullDownloadProgress.Instance, importToo: false, 2014, 2015);

        // Then the past year was kept without a request and the current year was fetched again
        second.Years.Single(y => y.Year == 2014).Fetch.Status.Should().Be(FetchStatus.Skipped);
        second.Years.Single(y => y.Year == 2015).Fetch.Status.Should().Be(FetchStatus.Downloaded);
        Server.Requests.Skip(requestsBefore).Should().OnlyContain(r => r.Path.Contains("2015", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadAsync_Should_FetchTheParquetAndNotTheCsvGz_When_TheParquetExists()
    {
        // Given a parquet year (download only: no import)
        var parquet = MarcapFixtures.FakeParquet(300_000);
        Server.File("/data/marcap-2024.parquet", parquet);
        Server.Fault("/data/marcap-2024.parquet", ServerFault.CloseHalfway);

        // When downloaded
        var (result, _) = await DownloadAndImport(NullDownloadProgress.Instance, importToo: false, 2024);

        // Then the parquet was fetched (resumed after the drop) and the csv.gz never asked for
        result.Years.Single().Fetch.Path.Should().EndWith("marcap-2024.parquet");
        File.ReadAllBytes(result.Years.Single().Fetch.Path).Should().Equal(parquet);
        Server.RequestsTo("/data/marcap-2024.csv.gz").Should().BeEmpty();
    }
}
