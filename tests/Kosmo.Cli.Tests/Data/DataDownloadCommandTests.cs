using System.CommandLine;
using Kosmo.Data.Tests.Download;
using Microsoft.Data.Sqlite;

namespace Kosmo.Cli.Tests.Data;

/// <summary>
/// <c>kosmo data download marcap|krx</c> end to end against a real local HTTP server: download then import, a second
/// call that fetches nothing, clear exit-4 failures with an untouched database, dry runs, and the help text.
/// </summary>
[Collection(DownloadConsoleCollection.Name)]
public sealed class DataDownloadCommandTests : IDisposable
{
    private const string Key = "cli-test-key";
    private static readonly string[] _fast = ["--delay-ms", "0", "--retry-delay-ms", "10", "--retries", "2"];
    private readonly FixtureServer _server = new() { RequiredAuthKey = Key };
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-cli-download-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<int, (byte[] Gz, int Rows)> _years = MarcapFixtures.CsvGzYears();

    public DataDownloadCommandTests()
    {
        Directory.CreateDirectory(_dir);
        foreach (var (year, file) in _years)
        {
            _server.File($"/data/marcap-{year}.csv.gz", file.Gz);
        }
    }

    private string Db => Path.Combine(_dir, "k.db");

    private string Data => Path.Combine(_dir, "data");

    public void Dispose()
    {
        _server.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void DataDownloadMarcap_Should_ImportEveryRowThenFetchNothing_When_RunTwice()
    {
        // Given a mirror with csv.gz years 2014 and 2015 (no parquet)
        // When the download runs twice
        var (first, out1, _) = Run(["data", "download", "marcap", "--years", "2014-2015", "--dir", Data, "--db", Db, "--base-url", _server.BaseUrl + "/data", .. _fast]);
        var (second, out2, _) = Run(["data", "download", "marcap", "--years", "2014-2015", "--dir", Data, "--db", Db, "--base-url", _server.BaseUrl + "/data", .. _fast]);

        // Then both succeed, every row is imported once, and the second call fetched no year
        first.Should().Be(ExitCodes.Ok, out1);
        out1.Should().Contain("2 of 2 years fetched").And.Contain("marcap-2014.csv.gz");
        second.Should().Be(ExitCodes.Ok, out2);
        out2.Should().Contain("0 of 2 years fetched").And.Contain("unchanged (HTTP 304)").And.Contain("already imported");
        Scalar("SELECT COUNT(*) FROM bars").Should().Be(_years[2014].Rows + _years[2015].Rows);
    }

    [Fact]
    public void DataDownloadMarcap_Should_Exit4WithAClearMessageAndNoDatabase_When_AYearExistsInNeitherFormat()
    {
        // Given a year the mirror does not have
        // When it is asked for with one it has
        var (code, _, error) = Run(["data", "download", "marcap", "--years", "2014,2016", "--dir", Data, "--db", Db, "--base-url", _server.BaseUrl + "/data", .. _fast]);

        // Then exit 4, the message names the year and what to check, and no database was even created
        code.Should().Be(ExitCodes.NotFound);
        error.Should().Contain("no marcap file for 2016").And.Contain("--years").And.Contain("nothing was imported");
        File.Exists(Db).Should().BeFalse();
    }

    [Fact]
    public void DataDownloadMarcap_Should_ListYearsWithoutARequest_When_DryRun()
    {
        // Given the mirror
        // When a dry run is asked for
        var (code, output, _) = Run(["data", "download", "marcap", "--years", "2014-2015", "--dir", Data, "--base-url", _server.BaseUrl + "/data", "--dry-run"]);

        // Then both years are listed with their URLs and nothing was requested
        code.Should().Be(ExitCodes.Ok);
        output.Should().Contain("2014: fetch " + _server.BaseUrl + "/data/marcap-2014.parquet").And.Contain("2015: fetch");
        _server.Requests.Should().BeEmpty();
        File.Exists(Db).Should().BeFalse();
    }

    [Fact]
    public void DataDownloadMarcap_Should_FetchTheParquetAndImportNothing_When_NoImport()
    {
        // Given a parquet year
        var parquet = MarcapFixtures.FakeParquet();
        _server.File("/data/marcap-2024.parquet", parquet);

        // When fetched with --no-import
        var (code, output, _) = Run(["data", "download", "marcap", "--years", "2024", "--dir", Data, "--db", Db, "--base-url", _server.BaseUrl + "/data", "--no-import", .. _fast]);

        // Then the parquet is on disk, byte-identical, and no database exists
        code.Should().Be(ExitCodes.Ok, output);
        File.ReadAllBytes(Path.Combine(Data, "marcap-2024.parquet")).Should().Equal(parquet);
        File.Exists(Db).Should().BeFalse();
    }

    [Fact]
    public void DataDownloadKrx_Should_ImportStocksAndIndices_When_TheKeyIsGood()
    {
        // Given two trading days and a key file
        KrxFixtures.ServeTradingDay(_server, new DateOnly(2025, 1, 2));
        KrxFixtures.ServeTradingDay(_server, new DateOnly(2025, 1, 3), bump: 50);
        var keyFile = Path.Combine(_dir, "key");
        File.WriteAllText(keyFile, Key);

        // When downloaded
        var (code, output, error) = Run(["data", "download", "krx", "--from", "2025-01-02", "--to", "20250103", "--dir", Data, "--db", Db, "--auth-key-file", keyFile, "--base-url", _server.BaseUrl, .. _fast]);

        // Then the rows and the two index series are in the database, and the key never appears in the output
        code.Should().Be(ExitCodes.Ok, error);
        Scalar("SELECT COUNT(*) FROM bars").Should().Be(6);
        Scalar("SELECT COUNT(*) FROM index_bars").Should().Be(4);
        (output + error).Should().NotContain(Key);
    }

    [Fact]
    public void DataDownloadKrx_Should_Exit4AndImportNothing_When_TheBodySaysLogout()
    {
        // Given a LOGOUT answer on the second day
        KrxFixtures.ServeTradingDay(_server, new DateOnly(2025, 1, 2));
        _server.Page(KrxFixtures.StockPath("stk_bydd_trd", new DateOnly(2025, 1, 3)), "<html>LOGOUT</html>");
        var keyFile = Path.Combine(_dir, "key");
        File.WriteAllText(keyFile, Key);

        // When downloaded
        var (code, _, error) = Run(["data", "download", "krx", "--from", "2025-01-02", "--to", "2025-01-03", "--dir", Data, "--db", Db, "--auth-key-file", keyFile, "--base-url", _server.BaseUrl, .. _fast]);

        // Then exit 4 with what to do, and no database
        code.Should().Be(ExitCodes.NotFound);
        error.Should().Contain("KRX_AUTH_KEY").And.Contain("apply").And.NotContain(Key);
        File.Exists(Db).Should().BeFalse();
    }

    [Fact]
    public void DataDownloadKrx_Should_Exit4BeforeAnyRequest_When_TheKeyFileIsEmpty()
    {
        // Given an empty key file
        var keyFile = Path.Combine(_dir, "key");
        File.WriteAllText(keyFile, "");

        // When downloaded
        var (code, _, error) = Run(["data", "download", "krx", "--from", "2025-01-02", "--to", "2025-01-03", "--dir", Data, "--db", Db, "--auth-key-file", keyFile, "--base-url", _server.BaseUrl, .. _fast]);

        // Then exit 4, the advice, no request and no database
        code.Should().Be(ExitCodes.NotFound);
        error.Should().Contain("is empty").And.Contain("KRX_AUTH_KEY");
        _server.Requests.Should().BeEmpty();
        File.Exists(Db).Should().BeFalse();
    }

    [Theory]
    [InlineData("marcap", new[] { "--years", "--dir", "--base-url", "--db", "--no-import", "--dry-run", "--delay-ms", "--retries", "--retry-delay-ms" })]
    [InlineData("krx", new[] { "--from", "--to", "--dir", "--auth-key-file", "--base-url", "--db", "--no-import", "--dry-run", "--delay-ms", "--retries", "--retry-delay-ms" })]
    public void DataDownload_Should_DocumentEveryOption_When_HelpIsAsked(string subcommand, string[] options)
    {
        // Given the root command
        using var output = new StringWriter();

        // When help is asked for
        var code = Program.BuildRoot().Parse(["data", "download", subcommand, "--help"]).Invoke(new InvocationConfiguration { Output = output });

        // Then every option is listed
        code.Should().Be(ExitCodes.Ok);
        foreach (var option in options)
        {
            output.ToString().Should().Contain(option);
        }
    }

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using (new ConsoleSwap(output, error))
        {
            var code = Program.BuildRoot().Parse(args).Invoke();
            return (code, output.ToString(), error.ToString());
        }
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Db}");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
