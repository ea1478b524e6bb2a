using System.CommandLine;
using System.Globalization;
using Kosmo.Core;
using Kosmo.Data.Download;
using Kosmo.Data.Import;
using Kosmo.Data.Store;

namespace Kosmo.Cli.Commands.Download;

/// <summary>
/// <c>kosmo data download marcap|krx</c>: fetch FinanceData/marcap year files or KRX Open API daily pages into a
/// folder, then import them through the same entry point as <c>kosmo data import</c>. Download errors exit 4 with a
/// message saying what to do (nothing imported); an imported file that fails validation twice exits 3.
/// </summary>
internal static class DataDownloadCommand
{
    private const string DefaultDb = "data/kosmo.db";

    /// <summary>Builds <c>download</c> with its two subcommands.</summary>
    public static Command Build()
    {
        var command = new Command("download",
            "Fetch market data over HTTP (resumable, verified, polite: one connection, a pause between requests, retries with backoff), then import it. " +
            "'marcap': FinanceData/marcap year files (--years, --dir, --base-url). 'krx': KRX Open API days (--from, --to, --dir, --auth-key-file, --base-url). " +
            "Both take --db, --no-import, --dry-run, --delay-ms, --retries and --retry-delay-ms; 'kosmo data download marcap --help' and 'kosmo data download krx --help' explain each.");
        command.Subcommands.Add(BuildMarcap());
        command.Subcommands.Add(BuildKrx());
        return command;
    }

    private static Command BuildMarcap()
    {
        var years = new Option<string>("--years") { Description = "years to fetch: 1995-2026, 2024 or 2019,2021-2022", Required = true };
        var dir = new Option<string>("--dir") { Description = "download folder (files marcap-YYYY.parquet|csv.gz and download-manifest.json)", Required = true };
        var common = new CommonOptions();
        var baseUrl = new Option<string>("--base-url")
        {
            Description = "mirror URL; files are fetched as URL/marcap-YYYY.parquet, else URL/marcap-YYYY.csv.gz",
            DefaultValueFactory = _ => MarcapDownloadRequest.DefaultBaseUrl,
        };
        var cmd = new Command("marcap",
            "Fetch FinanceData/marcap year files (every listed stock since 1995, delisted ones included) and import them. " +
            "A second call fetches only what is missing or changed (ETag / Last-Modified, HTTP 304); the current year is always re-checked.");
        cmd.Options.Add(years);
        cmd.Options.Add(dir);
        cmd.Options.Add(baseUrl);
        common.AddTo(cmd);
        cmd.SetAction((parse, ct) => Guard(async () =>
        {
            var request = new MarcapDownloadRequest { Years = YearList.Parse(parse.GetValue(years)!), Dir = parse.GetValue(dir)!, BaseUrl = parse.GetValue(baseUrl)! };
            if (parse.GetValue(common.DryRun))
            {
                Console.Out.WriteLine($"would fetch into {request.Dir} (nothing is fetched in a dry run):");
                foreach (var line in MarcapDownloader.DryRun(request))
                {
                    Console.Out.WriteLine("  " + line);
                }

                return ExitCodes.Ok;
            }

            return await SpectreDownloadProgress.RunAsync(async progress =>
            {
                using var downloader = new MarcapDownloader(common.Settings(parse), progress);
                var result = await downloader.DownloadAsync(request, ct).ConfigureAwait(false);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"marcap: {result.Fetched} of {result.Years.Count} years fetched ({result.Bytes:N0} bytes in {result.Seconds:F1} s, {result.Requests} requests), the rest unchanged"));
                if (parse.GetValue(common.NoImport))
                {
                    return ExitCodes.Ok;
                }

                using var store = KosmoStore.Open(parse.GetValue(common.Db)!);
                await downloader.ImportAsync(request, result, file => Import(store, file), ct).ConfigureAwait(false);
                return ExitCodes.Ok;
            }).ConfigureAwait(false);
        }));
        return cmd;
    }

    private static Command BuildKrx()
    {
        var from = new Option<string>("--from") { Description = "first date, yyyy-MM-dd or yyyyMMdd", Required = true };
        var to = new Option<string>("--to") { Description = "last date (inclusive), yyyy-MM-dd or yyyyMMdd", Required = true };
        var dir = new Option<string>("--dir") { Description = "folder for the written marcap_krx_*.csv and index_*_krx_*.csv files", DefaultValueFactory = _ => "data/download" };
        var keyFile = new Option<string?>("--auth-key-file") { Description = $"file holding the KRX Open API key (default: the {KrxAuthKey.EnvironmentVariable} environment variable); the key is never printed" };
        var baseUrl = new Option<string>("--base-url") { Description = "KRX Open API host; pages are URL/svc/apis/sto/stk_bydd_trd?basDd=YYYYMMDD and so on", DefaultValueFactory = _ => KrxDownloadRequest.DefaultBaseUrl };
        var common = new CommonOptions();
        var cmd = new Command("krx",
            "Fetch daily KOSPI/KOSDAQ/KONEX stock rows and the KOSPI/KOSDAQ index series from the KRX Open API, write them as " +
            "marcap-format and index CSV files, and import them. Weekends and holidays are skipped. A missing or rejected key exits 4 with what to do; nothing is imported.");
        cmd.Options.Add(from);
        cmd.Options.Add(to);
        cmd.Options.Add(dir);
        cmd.Options.Add(keyFile);
        cmd.Options.Add(baseUrl);
        common.AddTo(cmd);
        cmd.SetAction((parse, ct) => Guard(async () =>
        {
            var first = Date(parse.GetValue(from)!, "--from");
            var last = Date(parse.GetValue(to)!, "--to");
            if (parse.GetValue(common.DryRun))
            {
                var days = Enumerable.Range(0, Math.Max(0, last.DayNumber - first.DayNumber + 1)).Select(first.AddDays)
                    .Count(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"would fetch {days} weekdays {first:yyyy-MM-dd}..{last:yyyy-MM-dd} from {parse.GetValue(baseUrl)} (up to 5 pages a day: sto/stk_bydd_trd, sto/ksq_bydd_trd, sto/knx_bydd_trd, idx/kospi_dd_trd, idx/kosdaq_dd_trd) into {parse.GetValue(dir)}"));
                return ExitCodes.Ok;
            }

            var request = new KrxDownloadRequest
            {
                From = first,
                To = last,
                Dir = parse.GetValue(dir)!,
                BaseUrl = parse.GetValue(baseUrl)!,
                AuthKey = KrxAuthKey.Resolve(parse.GetValue(keyFile)),
            };
            return await SpectreDownloadProgress.RunAsync(async progress =>
            {
                using var downloader = new KrxDownloader(common.Settings(parse), progress);
                var result = await downloader.DownloadAsync(request, ct).ConfigureAwait(false);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"krx: {result.TradingDays} trading days, {result.SkippedDays} weekend/holiday days skipped, {result.StockRows:N0} stock rows, {result.IndexRows:N0} index rows ({result.Requests} requests, {result.Seconds:F1} s)"));
                foreach (var file in result.Files)
                {
                    Console.Out.WriteLine($"  wrote {file}");
                }

                if (result.Files.Count == 0 || parse.GetValue(common.NoImport))
                {
                    return ExitCodes.Ok;
                }

                using var store = KosmoStore.Open(parse.GetValue(common.Db)!);
                foreach (var file in result.Files)
                {
                    Import(store, file);
                }

                return ExitCodes.Ok;
            }).ConfigureAwait(false);
        }));
        return cmd;
    }

    private static ImportSummary Import(KosmoStore store, string file)
    {
        Console.Out.WriteLine($"importing {file} ...");
        var s = store.ImportAll([file])[0];
        Console.Out.WriteLine(s.AlreadyImported
            ? $"  already imported (sha256 {s.Sha256[..12]}): {s.Format} {s.Source}, {s.Rows:N0} rows; nothing done"
            : FormattableString.Invariant($"  {s.Format} {s.Source}: {s.Rows:N0} rows, {s.Codes} codes, {s.FirstDate}..{s.LastDate}, {s.Seconds:F1} s"));
        return s;
    }

    private static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (DownloadException e)
        {
            Console.Error.WriteLine($"download failed: {e.Message}");
            return ExitCodes.NotFound;
        }
        catch (DataValidationException e)
        {
            Console.Error.WriteLine($"invalid data: {e.Message}");
            return ExitCodes.InvalidData;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled; files fetched so far are kept and the next call resumes");
            return ExitCodes.Cancelled;
        }
    }

    private static DateOnly Date(string text, string option) =>
        DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new ArgumentException($"{option} '{text}': not a date (write 2025-01-02 or 20250102)");

    /// <summary>The options both subcommands share.</summary>
    private sealed class CommonOptions
    {
        public Option<string> Db { get; } = new("--db") { Description = "SQLite database the files are imported into", DefaultValueFactory = _ => DefaultDb };

        public Option<bool> NoImport { get; } = new("--no-import") { Description = "download only; do not import" };

        public Option<bool> DryRun { get; } = new("--dry-run") { Description = "list what would be fetched; fetch and import nothing" };

        public Option<int> DelayMs { get; } = new("--delay-ms") { Description = "pause between requests, in milliseconds", DefaultValueFactory = _ => 1000 };

        public Option<int> Retries { get; } = new("--retries") { Description = "retries of a failed request (5xx, 408, 429, timeouts, dropped connections)", DefaultValueFactory = _ => 5 };

        public Option<int> RetryDelayMs { get; } = new("--retry-delay-ms") { Description = "first retry delay in milliseconds, doubled on every retry (a 429's Retry-After wins)", DefaultValueFactory = _ => 2000 };

        public void AddTo(Command cmd)
        {
            cmd.Options.Add(Db);
            cmd.Options.Add(NoImport);
            cmd.Options.Add(DryRun);
            cmd.Options.Add(DelayMs);
            cmd.Options.Add(Retries);
            cmd.Options.Add(RetryDelayMs);
        }

        public DownloadSettings Settings(ParseResult parse)
        {
            var delay = parse.GetValue(DelayMs);
            var retries = parse.GetValue(Retries);
            var retryDelay = parse.GetValue(RetryDelayMs);
            if (delay < 0 || retries < 0 || retryDelay < 0)
            {
                throw new ArgumentException("--delay-ms, --retries and --retry-delay-ms must be 0 or more");
            }

            return new DownloadSettings
            {
                RequestDelay = TimeSpan.FromMilliseconds(delay),
                MaxRetries = retries,
                RetryBaseDelay = TimeSpan.FromMilliseconds(retryDelay),
            };
        }
    }
}
