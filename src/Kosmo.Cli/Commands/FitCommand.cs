using System.CommandLine;
using System.Globalization;
using Kosmo.Core.IO;
using Kosmo.Experiment;
using Kosmo.Experiment.Config;
using Kosmo.Experiment.Live;
using Spectre.Console;

namespace Kosmo.Cli.Commands;

/// <summary><c>kosmo fit</c>: refit every model of a run on all labelled data up to a date, as a versioned model set that <c>kosmo predict</c> uses.</summary>
internal sealed class FitCommand : ICommandModule
{
    public Command Build()
    {
        var run = new Option<DirectoryInfo>("--run") { Description = "A run folder written by 'kosmo run' (its config.yaml is used).", Required = true };
        var db = new Option<FileInfo?>("--db") { Description = "The database to read (default: the run's data.db; the run's synthetic market for synthetic runs). All of its dates are used, not only the run's data range." };
        var until = new Option<string?>("--until") { Description = "Last signal date of the training samples, yyyy-MM-dd (default: the last date whose label is complete, minus split.embargo_days)." };
        var command = new Command("fit", "Refit every model of a run (main model and baselines) on all labelled data up to a date, with the run's hyper-parameters; writes RUN/models/ID/ and makes it current for 'kosmo predict'.")
        {
            run, db, until,
        };
        command.SetAction((parse, cancel) => Task.FromResult(Execute(parse.GetValue(run)!, parse.GetValue(db), parse.GetValue(until), cancel)));
        return command;
    }

    private static int Execute(DirectoryInfo run, FileInfo? db, string? untilText, CancellationToken cancel)
    {
        DateOnly? until = null;
        if (untilText is not null)
        {
            until = DateOnly.TryParseExact(untilText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                : throw new UsageException($"--until '{untilText}' is not yyyy-MM-dd");
        }

        var configPath = RunLayout.Config(run.FullName);
        if (!File.Exists(configPath))
        {
            throw new NoDataException($"{configPath} not found: is '{run.FullName}' a run folder?");
        }

        var config = ExperimentConfig.Load(configPath, cancel: cancel)[0];
        if (db is not null && !db.Exists)
        {
            throw new FileNotFoundException($"database '{db.FullName}' not found", db.FullName);
        }

        if (db is null && config.Data.Source != "synthetic" && !File.Exists(config.Data.Db))
        {
            throw new FileNotFoundException($"database '{config.Data.Db}' not found (pass --db)", config.Data.Db);
        }

        Kosmo.Tensors.TensorThreads.Count = config.Threads;
        var set = FitStep.Run(config, run.FullName, db?.FullName ?? (config.Data.Source == "synthetic" ? null : config.Data.Db), until, s => Console.Error.WriteLine(s), cancel);
        var table = new Table().Title(Markup.Escape($"model set {set.Id}: samples to {set.Until:yyyy-MM-dd} (labels to {set.LabelsEnd:yyyy-MM-dd}), train {set.TrainSamples:N0}, validate {set.ValidationSamples:N0}"))
            .AddColumns("model", "kind", "fit", "sha256");
        foreach (var m in set.Models)
        {
            table.AddRow(m.Name, m.Kind, Markup.Escape(m.Detail), m.Sha256[..12]);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"wrote {Markup.Escape(set.Dir)} (current)");
        return ExitCodes.Ok;
    }
}
