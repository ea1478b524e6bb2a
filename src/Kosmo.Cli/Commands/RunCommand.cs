using System.CommandLine;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Experiment.Slurm;
using Kosmo.Cli.Rendering;
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
        var plan = new Option<bool>("--plan") { Description = "Prepare the data, write the cell plan (RUN/plan.json: every (model, fold) cell with its index) and print it, then stop." };
        var onlyCell = new Option<string?>("--only-cell") { Description = "Compute only these cells of the plan (I, I,J or I-J; see --plan), then stop (scatter mode; gather with --resume)." };
        var gather = new Option<bool>("--gather") { Description = "Compute no cell: evaluate, backtest and report the finished cells; refuse, naming them, while any cell is missing (exit 4)." };
        var threads = new Option<int?>("--threads") { Description = "Override the config's thread count (1 to 256)." };
        threads.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && int.TryParse(r.Tokens[^1].Value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is < 1 or > 256)
            {
                r.AddError($"--threads {n}: must be between 1 and 256");
            }
        });
        var overwrite = new Option<bool>("--overwrite") { Description = "Run into a run folder that is not empty, replacing its results (without it, or --resume, a non-empty folder is refused)." };
        var maxCells = new Option<int?>("--max-cells") { Description = $"Largest plan accepted, in cells ((sweep trials + baselines) x folds); default: the config's max_cells, else {ExperimentConfig.DefaultMaxCells}." };
        maxCells.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && int.TryParse(r.Tokens[^1].Value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n < 1)
            {
                r.AddError($"--max-cells {n}: must be at least 1");
            }
        });
        var executor = new Option<string>("--executor") { Description = "local (default): compute here; slurm: prepare here, submit a Slurm job array (one task per cell) and a gather job, and return.", DefaultValueFactory = _ => "local" };
        executor.AcceptOnlyFromAmong("local", "slurm");
        var partition = new Option<string?>("--partition") { Description = "Slurm: partition (default: the cluster's default)." };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "Slurm: CPUs per array task (default: the run's thread count)." };
        var mem = new Option<string>("--mem") { Description = "Slurm: memory per task, e.g. 6G.", DefaultValueFactory = _ => "6G" };
        var time = new Option<string?>("--time") { Description = "Slurm: time limit per task, e.g. 02:00:00 (default: the partition's)." };
        var maxParallel = new Option<int?>("--max-parallel") { Description = "Slurm: most array tasks running at once (%K)." };
        var sbatchArgs = new Option<string[]>("--sbatch-arg") { Description = "Slurm: one more sbatch argument for both jobs, e.g. --sbatch-arg=--account=lab (repeatable).", AllowMultipleArgumentsPerToken = false };
        var set = new Option<string[]>("--set") { Description = "Override one config key, KEY.PATH=VALUE (repeatable; validated like the file), e.g. --set model.max_train_samples=all --set features.lookback=60 --set 'baselines=[logistic, lightgbm]'.", AllowMultipleArgumentsPerToken = false };
        var dryRun = new Option<bool>("--dry-run") { Description = "Slurm: prepare and write the scripts, print the sbatch commands, submit nothing." };
        var command = new Command(name, description)
        {
            config, data, db, outDir, resume, onlyFold, onlyCell, gather, plan, threads, overwrite, maxCells, set, executor, partition, cpus, mem, time, maxParallel, sbatchArgs, dryRun,
        };
        command.SetAction((parse, cancel) =>
        {
            var options = new RunOptions(parse.GetValue(resume), parse.GetValue(onlyFold), parse.GetValue(plan), trainOnly, parse.GetValue(overwrite), parse.GetValue(onlyCell), parse.GetValue(gather));
            SlurmOptions? slurm = parse.GetValue(executor) == "slurm"
                ? new SlurmOptions(parse.GetValue(partition), parse.GetValue(cpus) ?? 0, parse.GetValue(mem)!, parse.GetValue(time), parse.GetValue(maxParallel), parse.GetValue(sbatchArgs) ?? [], parse.GetValue(dryRun))
                : null;
            return Task.FromResult(Execute(parse.GetValue(config), parse.GetValue(data), parse.GetValue(db), parse.GetValue(outDir), options, parse.GetValue(threads), parse.GetValue(maxCells), parse.GetValue(set) ?? [], slurm, cancel));
        });
        return command;
    }

    private static int Execute(FileInfo? configFile, DirectoryInfo? dataDir, FileInfo? dbFile, DirectoryInfo? outDir, RunOptions options, int? threads, int? maxCells, string[] overrides, SlurmOptions? slurm, CancellationToken cancel)
    {
        try
        {
            // Everything is validated before the run folder is touched: the config (and the plan size), the data, the folder.
            var trials = configFile is null ? ExperimentConfig.Parse("", "(defaults)", maxCells, overrides, cancel) : ExperimentConfig.Load(configFile.FullName, maxCells, overrides, cancel);
            trials = trials.Select(t => Override(t, dataDir, dbFile, threads)).ToList();
            var first = trials[0];
            var run = outDir?.FullName ?? Path.Combine("runs", first.Name);
            CheckData(first.Data);
            if (slurm is null)
            {
                CheckRunFolder(run, options); // a Slurm submission never deletes: it submits what is missing
            }

            Kosmo.Tensors.TensorThreads.Count = first.Threads;
            if (slurm is not null)
            {
                if (options.Scatter || options.Gather || options.PlanOnly)
                {
                    AnsiConsole.MarkupLine("[red]error:[/] --executor slurm submits every missing cell itself: drop --only-cell, --only-fold, --gather and --plan.");
                    return ExitCodes.Usage;
                }

                var forwarded = new List<string>();
                if (configFile is not null)
                {
                    forwarded.AddRange(["--config", configFile.FullName]);
                }

                if (dataDir is not null)
                {
                    forwarded.AddRange(["--data", dataDir.FullName]);
                }

                if (dbFile is not null)
                {
                    forwarded.AddRange(["--db", dbFile.FullName]);
                }

                foreach (var setting in overrides)
                {
                    forwarded.Add("--set=" + setting);
                }

                forwarded.AddRange(["--threads", first.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                if (maxCells is { } limit)
                {
                    forwarded.AddRange(["--max-cells", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                }

                var resources = slurm with { CpusPerTask = slurm.CpusPerTask > 0 ? slurm.CpusPerTask : first.Threads };
                AnsiConsole.MarkupLine($"run folder: [bold]{Markup.Escape(Path.GetFullPath(run))}[/]  executor slurm  threads {first.Threads}  trials {trials.Count}");
                return SlurmExecutor.Submit(trials, forwarded, Path.GetFullPath(run), resources, new ConsoleRunProgress(), cancel);
            }
            if (first.Data.Source == "synthetic")
            {
                AnsiConsole.MarkupLine("[yellow bold]SYNTHETIC DATA[/]: the embedded KRX-like market (no real prices). Use [bold]--data ../shared/data/krx[/] for real data.");
            }

            AnsiConsole.MarkupLine($"run folder: [bold]{Markup.Escape(run)}[/]  seed {first.Seed}  threads {first.Threads}  trials {trials.Count}");
            if (overrides.Length > 0)
            {
                AnsiConsole.MarkupLine($"[grey]overrides (--set): {Markup.Escape(string.Join("  ", overrides))}[/]");
            }

            var progress = new ConsoleRunProgress();
            new ExperimentRunner(trials, run, options, progress).Run(cancel);
            if (!options.PlanOnly && !options.Scatter && !options.TrainOnly)
            {
                RunSummary.Print(run);
            }

            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is ConfigException or UsageException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
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
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidData;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.NotFound;
        }
        catch (Kosmo.Models.Boosting.LightGbmUnavailableException e)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.NotFound;
        }
        catch (MissingCellsException e)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.NotFound;
        }
        catch (ArgumentException e) when (e.Message.StartsWith("--only-", StringComparison.Ordinal))
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.Usage;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("sbatch ", StringComparison.Ordinal))
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.NotFound;
        }
    }

    /// <summary>The data the config names exists (exit 4 when not), before anything else happens.</summary>
    private static void CheckData(DataConfig data)
    {
        switch (data.Source)
        {
            case "krx" when !Directory.Exists(data.Dir):
                throw new FileNotFoundException($"KRX data folder '{data.Dir}' not found (set data.dir or --data, or use data.source: synthetic)", data.Dir);
            case "db" when Directory.Exists(data.Db):
                throw new Kosmo.Data.Store.StoreException(Path.GetFullPath(data.Db), Kosmo.Data.Store.StoreProblem.IsDirectory, "is a folder; data.db / --db must name a database file");
            case "db" when !File.Exists(data.Db):
                throw new FileNotFoundException($"database '{data.Db}' not found; run 'kosmo data import' first", data.Db);
        }
    }

    /// <summary>
    /// A fresh run never lands in a folder that holds anything (a mistyped --out must not replace a published run): it needs
    /// --resume (continue) or --overwrite (replace). --only-fold / --only-cell (scatter), --gather and --plan (writes only the
    /// plan) are exempt: they never delete.
    /// </summary>
    /// <exception cref="UsageException">The folder is a file, or is not empty.</exception>
    internal static void CheckRunFolder(string run, RunOptions options)
    {
        if (File.Exists(run))
        {
            throw new UsageException($"run folder '{run}' is a file; --out must name a folder");
        }

        if (options.Resume || options.Overwrite || options.Scatter || options.Gather || options.PlanOnly || !Directory.Exists(run))
        {
            return;
        }

        var entries = Directory.EnumerateFileSystemEntries(run).Select(Path.GetFileName).Take(4).ToList();
        if (entries.Count > 0)
        {
            throw new UsageException($"run folder '{run}' is not empty (it holds {string.Join(", ", entries.Take(3))}{(entries.Count > 3 ? ", ..." : "")}); "
                + "continue it with --resume, replace its results with --overwrite, or choose another --out");
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
