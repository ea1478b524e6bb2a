using Kosmo.Core;
using Kosmo.Data.Download;
using Kosmo.Data.Import;
using Kosmo.Data.Tests.Store;

namespace Kosmo.Data.Tests.Download;

/// <summary>
/// <see cref="MarcapDownloader.ImportAsync"/> and <see cref="MarcapDownloader.DryRun"/> on the local server: one re-fetch of a file
/// that fails to import on its own, none when the database refuses a whole file, and a dry run that asks nothing.
/// </summary>
public sealed class MarcapImportTests : MarcapServerTest
{
    [Fact]
    public async Task DryRun_Should_ListEveryYearWithoutARequest_When_Called()
    {
        // Given one year already downloaded
        ServeCsvGz(2014);
        await DownloadAndImport(NullDownloadProgress.Instance, importToo: false, 2014);
        var before = Server.Requests.Count;

        // When a dry run covers 2014-2015
        var lines = MarcapDownloader.DryRun(Request(2014, 2015));

        // Then 2014 is to be re-checked, 2015 fetched, and no request was made
        lines.Should().HaveCount(2);
        lines[0].Should().StartWith("2014: re-check");
        lines[1].Should().StartWith("2015: fetch").And.Contain("/data/marcap-2015.parquet");
        Server.Requests.Count.Should().Be(before);
    }

    [Fact]
    public async Task ImportAsync_Should_RefetchOnceAndImport_When_TheFirstCopyFailsToImport()
    {
        // Given a server whose first copy of 2014 is a whole gzip with an invalid row (High below Low)
        var bad = Rows(Years[2014].Gz).ToList();
        var f = bad[3].Split(',');
        (f[7], f[8]) = ("1", "999999");
        bad[3] = string.Join(',', f);
        Server.File("/data/marcap-2014.csv.gz", MarcapFixtures.Gzip(Header, bad));
        using var downloader = new MarcapDownloader(Fast, NullDownloadProgress.Instance);
        var request = Request(2014);
        var downloaded = await downloader.DownloadAsync(request);

        // When the server's copy is fixed and the import runs
        Server.File("/data/marcap-2014.csv.gz", Years[2014].Gz);
        var summaries = await downloader.ImportAsync(request, downloaded, f => Db.Store.Import(f));

        // Then the bad copy was deleted, fetched again and imported whole
        summaries.Should().ContainSingle().Which.Rows.Should().Be(Years[2014].Rows);
        File.ReadAllBytes(Path.Combine(Dir, "marcap-2014.csv.gz")).Should().Equal(Years[2014].Gz);
    }

    [Fact]
    public async Task ImportAsync_Should_ThrowTheValidationErrorAndImportNothing_When_BothCopiesFailToImport()
    {
        // Given a server whose copy of 2014 stays invalid
        var bad = Rows(Years[2014].Gz).ToList();
        var f = bad[3].Split(',');
        (f[7], f[8]) = ("1", "999999");
        bad[3] = string.Join(',', f);
        Server.File("/data/marcap-2014.csv.gz", MarcapFixtures.Gzip(Header, bad));

        // When downloaded and imported
        var act = () => DownloadAndImport(2014);

        // Then the importer's error (file, line, column) comes out and the database holds nothing
        (await act.Should().ThrowAsync<DataValidationException>()).Which.Message.Should().Contain("marcap-2014.csv.gz:5");
        Db.Scalar("SELECT COUNT(*) FROM bars").Should().Be(0);
        Server.RequestsTo("/data/marcap-2014.csv.gz").Should().HaveCount(2);
    }

    [Fact]
    public async Task ImportAsync_Should_ThrowWithoutRefetching_When_TheFileIsWholeButTheDatabaseRefusesIt()
    {
        // Given a whole downloaded year and an import that refuses it for a reason of the database's own
        ServeCsvGz(2014);
        using var downloader = new MarcapDownloader(Fast, NullDownloadProgress.Instance);
        var request = Request(2014);
        var downloaded = await downloader.DownloadAsync(request);

        // When imported
        var act = () => downloader.ImportAsync(request, downloaded, f => throw new DataValidationException(f, 2, "Date", "refused by the database"));

        // Then the error comes out at once: the good file is kept and not fetched again
        (await act.Should().ThrowAsync<DataValidationException>()).Which.Message.Should().Contain("refused by the database");
        Server.RequestsTo("/data/marcap-2014.csv.gz").Should().ContainSingle();
        File.ReadAllBytes(Path.Combine(Dir, "marcap-2014.csv.gz")).Should().Equal(Years[2014].Gz);
    }
}
