using System.CommandLine;
using System.Globalization;
using Kosmo.Core;
using Kosmo.Data.Import;
using Kosmo.Data.Store;
using Kosmo.Data.Synthetic;
using Spectre.Console;

namespace Kosmo.Cli.Commands;

/// <summary><c>kosmo data import|info|synth</c>: build and inspect the SQLite store, write a synthetic market.</summary>
internal sealed class DataCommand : ICommandModule
{
    private const string DefaultDb = "data/kosmo.db";

    /// <inheritdoc />
    public Command Build()
    {
        var command = new Command("data", "Import KRX CSV files into SQLite, show what the database holds, write a synthetic market.");
        command.Subcommands.Add(BuildImport());
        command.Subcommands.Add(BuildInfo());
        command.Subcommands.Add(BuildSynth());
        command.Subcommands.Add(Download.DataDownloadCommand.Build());
        return command;
    }

    private static Option<string> DbOption() => new("--db") { Description = "SQLite database file", DefaultValueFactory = _ => DefaultDb };

    private static Command BuildImport()
    {
        var paths = new Argument<string[]>("paths") { Description = "CSV / CSV.GZ / parquet files or folders (format recognised from the header or schema)", Arity = ArgumentArity.OneOrMore };
        var db = DbOption();
        var indexName = new Option<string?>("--index-name")
        {
            Description = "the index series the index files belong to (KOSPI, KOSDAQ, KOSPI200, VIX, USDKRW, ...); default: read from the file name, any suffix allowed (index_KOSDAQ_2025-07_onward.csv.gz is KOSDAQ)",
        };
        var cmd = new Command("import", "Import marcap (CSV or parquet), OHLCV (Yahoo, FDR, pykrx, per-stock) and index files; one transaction per file, already-imported files are skipped, a newer version of a file imported before replaces its rows.");
        cmd.Arguments.Add(paths);
        cmd.Options.Add(db);
        cmd.Options.Add(indexName);
        cmd.SetAction(parse =>
        {
            var imported = new List<string>();
            try
            {
                var inputs = parse.GetValue(paths)!;
                _ = KosmoStore.ExpandPaths(inputs); // missing paths and empty folders fail before the database is touched
                using var store = KosmoStore.Open(parse.GetValue(db)!);
                var options = new ImportOptions { IndexName = parse.GetValue(indexName) };
                store.ImportAll(inputs,
                    onFile: s =>
                    {
                        if (s.NoRows)
                        {
                            Console.Out.WriteLine($"  warning: {s.Path} has a header but no data rows: nothing imported, not recorded as imported");
                            return;
                        }

                        if (!s.AlreadyImported)
                        {
                            imported.Add(s.Path);
                        }

                        Console.Out.WriteLine(s.AlreadyImported
                            ? $"  already imported (sha256 {s.Sha256[..12]}): {s.Format} {s.Source}, {s.Rows:N0} rows; nothing done"
                            : FormattableString.Invariant($"  {s.Format} {s.Source} ({s.Encoding}): {s.Rows:N0} rows, {s.Codes} codes, {s.FirstDate}..{s.LastDate}, halted {s.HaltedRows:N0}, placeholders {s.PlaceholderRows:N0}, cross-source conflicts {s.CrossSourceConflicts:N0}, {s.Seconds:F1} s"));
                        if (s.ReplacedRows > 0)
                        {
                            Console.Out.WriteLine($"  newer version of a file imported before: replaced {s.ReplacedRows:N0} rows");
                        }

                        foreach (var (name, n) in s.Repairs)
                        {
                            Console.Out.WriteLine($"  repair {name}: {n:N0} rows");
                        }
                    },
                    onStart: file => Console.Out.WriteLine($"importing {file} ..."),
                    progress: rows => Console.Out.WriteLine($"  ... {rows} rows"),
                    options: options);
                return ExitCodes.Ok;
            }
            catch (DataValidationException e)
            {
                Console.Error.WriteLine($"invalid data: {e.Message}");
                Console.Error.WriteLine(imported.Count == 0
                    ? "nothing was imported in this call (the failing file left the database unchanged)"
                    : $"kept: {imported.Count} file(s) imported before the failure stay imported (each file is atomic): {string.Join(", ", imported)}");
                return ExitCodes.InvalidData;
            }
        });
        return cmd;
    }

    private static Command BuildInfo()
    {
        var db = DbOption();
        var cmd = new Command("info", "Show sources, files, rows per source, date ranges and stock counts of a database.");
        cmd.Options.Add(db);
        cmd.SetAction(parse =>
        {
            using var store = KosmoStore.OpenReadOnly(parse.GetValue(db)!);
            var info = store.Info();
            var sources = new Table().AddColumns("source", "price basis", "precedence", "files", "rows", "codes", "first", "last");
            foreach (var s in info.Sources)
            {
                sources.AddRow(s.Name, s.PriceBasis, s.Precedence.ToString(CultureInfo.InvariantCulture), s.Files.ToString(CultureInfo.InvariantCulture),
                    s.Rows.ToString("N0", CultureInfo.InvariantCulture), s.Codes.ToString(CultureInfo.InvariantCulture), Key(s.FirstDate), Key(s.LastDate));
            }

            AnsiConsole.Write(sources);
            var indices = new Table().AddColumns("index", "rows", "first", "last");
            foreach (var i in info.Indices)
            {
                indices.AddRow(i.Name, i.Rows.ToString(CultureInfo.InvariantCulture), Key(i.FirstDate), Key(i.LastDate));
            }

            AnsiConsole.Write(indices);
            var stocks = new Table().AddColumns("market", "stocks");
            foreach (var (market, n) in info.StocksByMarket)
            {
                stocks.AddRow(market, n.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(stocks);
            var years = new Table().AddColumns("year", "survivorship-free stocks (marcap, synthetic)", "stocks from biased sources only (yahoo, fdr, pykrx, csv)",
                "KOSPI", "KOSDAQ", "KONEX", "unknown");
            foreach (var y in info.Years)
            {
                string N(string market) => y.ByMarket.GetValueOrDefault(market).ToString(CultureInfo.InvariantCulture);
                years.AddRow(y.Year.ToString(CultureInfo.InvariantCulture), y.SurvivorshipFree.ToString(CultureInfo.InvariantCulture), y.BiasedOnly.ToString(CultureInfo.InvariantCulture),
                    N("KOSPI"), N("KOSDAQ"), N("KONEX"), N("UNKNOWN"));
            }

            AnsiConsole.Write(years);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command BuildSynth()
    {
        var output = new Option<string>("--out") { Description = "output marcap-format CSV(.gz) file", Required = true };
        var seed = new Option<int>("--seed") { Description = "generator seed", DefaultValueFactory = _ => 42 };
        var stocks = new Option<int>("--stocks") { Description = "number of stocks", DefaultValueFactory = _ => 300 };
        var years = new Option<int>("--years") { Description = "years of trading days", DefaultValueFactory = _ => 6 };
        var cmd = new Command("synth", "Write a seeded synthetic KRX-like market as a marcap-format CSV that 'kosmo data import' reads.");
        cmd.Options.Add(output);
        cmd.Options.Add(seed);
        cmd.Options.Add(stocks);
        cmd.Options.Add(years);
        cmd.SetAction(parse =>
        {
            var options = new SyntheticOptions { Seed = parse.GetValue(seed), Stocks = parse.GetValue(stocks), Years = parse.GetValue(years) };
            var market = SyntheticMarket.Generate(options);
            var path = parse.GetValue(output)!;
            MarcapCsvWriter.Write(path, market);
            Console.Out.WriteLine($"wrote {market.Bars.Count:N0} bars of {market.Stocks.Count} synthetic stocks (seed {options.Seed}) to {path}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string Key(int key) => key == 0 ? "" : KosmoSchema.FromKey(key).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
