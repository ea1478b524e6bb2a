using System.CommandLine;
using System.Globalization;
using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Spectre.Console;

namespace Kosmo.Cli.Commands;

/// <summary><c>kosmo explain</c>: TFT-Lite's attention by lag and variable-selection weights of a trained run.</summary>
internal sealed class ExplainCommand : ICommandModule
{
    public Command Build()
    {
        var run = new Option<DirectoryInfo>("--run") { Description = "A run folder written by 'kosmo run' or 'kosmo train'.", Required = true };
        var top = new Option<int>("--top") { Description = "Variables to print per model and kind.", DefaultValueFactory = _ => 15 };
        var command = new Command("explain", "Aggregate TFT-Lite's interpretation over the test folds (attention weight by lag, temporal and static variable-selection weights) into RUN/attention.csv and RUN/variable_importance.csv, and print them.")
        {
            run, top,
        };
        command.SetAction(parse => Execute(parse.GetValue(run)!, parse.GetValue(top)));
        return command;
    }

    private static int Execute(DirectoryInfo run, int top)
    {
        var configPath = RunLayout.Config(run.FullName);
        if (!File.Exists(configPath))
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(configPath)} not found: is this a run folder?");
            return ExitCodes.NotFound;
        }

        var scope = new RunScope(ExperimentConfig.Load(configPath)[0], run.FullName, 0);
        ModelCatalog.Explain(scope, s => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(s)}[/]"));
        var attention = RunLayout.Attention(run.FullName);
        var importance = RunLayout.VariableImportance(run.FullName);
        if (!File.Exists(attention) || !File.Exists(importance))
        {
            AnsiConsole.MarkupLine("[yellow]no interpretation in this run[/] (only TFT-Lite writes it; was it trained?).");
            return ExitCodes.NotFound;
        }

        var lags = new Table().Title("attention weight by lag (forecast row; lag 1 = previous trading day)").AddColumns("model", "lag", "weight", "");
        foreach (var f in File.ReadLines(attention).Skip(1).Select(l => l.Split(',')).Take(25))
        {
            var w = double.Parse(f[2], CultureInfo.InvariantCulture);
            lags.AddRow(Markup.Escape(f[0]), f[1], w.ToString("0.0000", CultureInfo.InvariantCulture), new string('█', (int)Math.Round(w * 200)));
        }

        AnsiConsole.Write(lags);
        var rows = File.ReadLines(importance).Skip(1).Select(l => l.Split(',')).ToList();
        foreach (var group in rows.GroupBy(r => (r[0], r[1])))
        {
            var table = new Table().Title($"{Markup.Escape(group.Key.Item1)}: {group.Key.Item2} variable-selection weight").AddColumns("variable", "weight");
            foreach (var r in group.OrderByDescending(r => double.Parse(r[3], CultureInfo.InvariantCulture)).Take(top))
            {
                table.AddRow(Markup.Escape(r[2]), double.Parse(r[3], CultureInfo.InvariantCulture).ToString("0.0000", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
        }

        return ExitCodes.Ok;
    }
}
