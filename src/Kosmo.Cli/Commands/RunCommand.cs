using System.CommandLine;
using Kosmo.Cli.Config;
using Kosmo.Cli.Pipeline;
using Kosmo.Core;
using Spectre.Console;

namespace Kosmo.Cli.Commands;

/// <summary><c>kosmo run</c>: the whole experiment from one YAML config into one run folder.</summary>
internal sealed class RunCommand : ICommandModule
{
    public Command Build() => Create(
        "run",
        "Run the whole experiment: data, universe, features, labels, walk-forward training of TFT-Lite and the baselines, evaluation, backtest and the HTML report.",
        trainOnly: false);

    /// <summary>The run command, or with <paramref name="trainOnly"/> the train command (same options, stops after training).</summary>
    internal static Command Create(string name, string description, bool trainOnly)
    {
        var config = new Option<FileInfo?>("--config") { Description = "Experiment YAML (see docs/experiment.example.yaml). Without it: the embedded synthetic market with default settings." };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Run on real KRX files in this folder (imported into --db first), e.g. ../shared/data/krx." };
        var db = new Option<FileInfo?>("--db") { Description = "Database to use (default data/kosmo.db); with no --data, run on it as it is." };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Run folder (default runs/NAME, NAME from the config)." };
        var resume = new Option<bool>("--resume") { Description = "Reuse every finished (model, fold) cell in the run folder and continue." };
        var onlyFold = new Option<int?>("--only-fold") { Description = "Compute only walk-forward fold N (0-based) for every model, then stop (scatter mode; gather with --resume)." };
        var plan = new Option<bool>("--plan") { Description = "Prepare the data, print the number of folds and the models, and stop." };
        var threads = new Option<int?>("--threads") { Description = "Override the config's thread count." };
        var command = new Command(name, description)
        {
            config, data, db, outDir, resume, onlyFold, plan, threads,
        };
        command.SetAction((parse, cancel) => Task.FromResult(Execute(
            parse.GetValue(config), parse.GetValue(data), parse.GetValue(db), parse.GetValue(outDir),
            new RunOptions(parse.GetValue(resume), parse.GetValue(onlyFold), parse.GetValue(plan), trainOnly), parse.GetValue(threads), cancel)));
        return command;
    }

    private static int Execute(FileInfo? configFile, DirectoryInfo? dataDir, FileInfo? dbFile, DirectoryInfo? outDir, RunOptions options, int? threads, CancellationToken cancel)
    {
        try
        {
            var trials = configFile is null ? ExperimentConfig.Parse("", "(defaults)") : ExperimentConfig.Load(configFile.FullName);
            trials = trials.Select(t => Override(t, dataDir, dbFile, threads)).ToList();
            var first = trials[0];
            var run = outDir?.FullName ?? Path.Combine("runs", first.Name);
            Kosmo.Tensors.TensorThreads.Count = first.Threads;
            if (first.Data.Source == "synthetic")
            {
                AnsiConsole.MarkupLine("[yellow bold]SYNTHETIC DATA[/]: the embedded KRX-like market (no real prices). Use [bold]--data ../shared/data/krx[/] for real data.");
            }

            AnsiConsole.MarkupLine($"run folder: [bold]{Markup.Escape(run)}[/]  seed {first.Seed}  threads {first.Threads}  trials {trials.Count}");
            var progress = new ConsoleRunProgress();
            var ctx = new ExperimentRunner(trials, run, options, progress).Run(cancel);
            if (!options.PlanOnly && options.OnlyFold is null && !options.TrainOnly)
            {
                RunSummary.Print(run);
            }

            return ExitCodes.Ok;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]stopped.[/] Finished cells are kept; continue with the same command and [bold]--resume[/].");
            return ExitCodes.Cancelled;
        }
        catch (UnsupportedConfigException e)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.Usage;
        }
        catch (DataValidationException e)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.InvalidData;
        }
        catch (FileNotFoundException e)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.NotFound;
        }
    }

    private static ExperimentConfig Override(ExperimentConfig c, DirectoryInfo? dataDir, FileInfo? dbFile, int? threads)
    {
        var data = c.Data;
        if (dataDir is not null)
        {
            data = data with { Source = "krx", Dir = dataDir.FullName, Db = dbFile?.FullName ?? data.Db };
        }
        else if (dbFile is not null)
        {
            data = data with { Source = "db", Db = dbFile.FullName };
        }

        return c with { Data = data, Threads = threads ?? c.Threads };
    }
}
