using System.CommandLine;
using System.Globalization;
using System.Text;
using Kosmo.Cli.Config;
using Kosmo.Cli.Pipeline;
using Kosmo.Core;
using Spectre.Console;

namespace Kosmo.Cli.Commands;

/// <summary><c>kosmo predict</c>: rank one day's universe by P(up) with a trained run's model.</summary>
internal sealed class PredictCommand : ICommandModule
{
    public Command Build()
    {
        var run = new Option<DirectoryInfo>("--run") { Description = "A run folder written by 'kosmo run' (its config.yaml and fold checkpoints are used).", Required = true };
        var date = new Option<string>("--date") { Description = "The signal date (yyyy-MM-dd); the last trading day on or before it is used.", Required = true };
        var model = new Option<string?>("--model") { Description = "Window model or lightgbm to use (default: the run's main model, e.g. tft_lite)." };
        var top = new Option<int>("--top") { Description = "Rows to print.", DefaultValueFactory = _ => 30 };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write the whole ranked list as CSV: rank,date,code,name,market,p_down,p_flat,p_up." };
        var command = new Command("predict", "Rank one day's tradable universe by P(up) with a trained model, with all class probabilities: the daily signal list.")
        {
            run, date, model, top, outFile,
        };
        command.SetAction(parse => Execute(parse.GetValue(run)!, parse.GetValue(date)!, parse.GetValue(model), parse.GetValue(top), parse.GetValue(outFile)));
        return command;
    }

    private static int Execute(DirectoryInfo run, string dateText, string? model, int top, FileInfo? outFile)
    {
        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            AnsiConsole.MarkupLine($"[red]error:[/] --date '{Markup.Escape(dateText)}' is not yyyy-MM-dd");
            return ExitCodes.Usage;
        }

        var configPath = Path.Combine(run.FullName, "config.yaml");
        if (!File.Exists(configPath))
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(configPath)} not found: is this a run folder?");
            return ExitCodes.NotFound;
        }

        try
        {
            var config = ExperimentConfig.Load(configPath)[0];
            if (config.Split.IsCrossValidation)
            {
                // A k-fold or CPCV fold trained on dates after its test block: no fold is "the model trained before the date".
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(configPath)}: split.scheme {config.Split.Scheme}: daily signals need a walk_forward run (every {config.Split.Scheme} fold trained on data after its test dates)");
                return ExitCodes.Usage;
            }

            Kosmo.Tensors.TensorThreads.Count = config.Threads;
            var status = (string s) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(s)}[/]");
            var ctx = new RunContext(config, run.FullName, 0) { Panel = PanelSource.Load(config.Data, status) };
            PrepareStep.Run(ctx, status);
            var (day, _, rows) = DailySignals.Predict(ctx, model ?? config.Model.Name, date, status);
            if (ctx.Panel.IsSynthetic)
            {
                AnsiConsole.MarkupLine("[yellow bold]SYNTHETIC DATA[/]: codes and names are from the embedded synthetic market.");
            }

            var table = new Table().Title($"{Markup.Escape(model ?? config.Model.Name)} on {day:yyyy-MM-dd}: {rows.Count} universe members, ranked by P(up)")
                .AddColumns("rank", "code", "name", "market", "P(down)", "P(flat)", "P(up)", "P(up)−P(down)");
            foreach (var r in rows.Take(top))
            {
                table.AddRow(r.Rank.ToString(CultureInfo.InvariantCulture), r.Code, Markup.Escape(r.Name), r.Market, P(r.PDown), P(r.PFlat), P(r.PUp), (r.PUp - r.PDown).ToString("+0.000;-0.000", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            if (outFile is not null)
            {
                var sb = new StringBuilder("rank,date,code,name,market,p_down,p_flat,p_up\n");
                foreach (var r in rows)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"{r.Rank},{day:yyyy-MM-dd},{r.Code},{r.Name.Replace(',', ' ')},{r.Market},{r.PDown:R},{r.PFlat:R},{r.PUp:R}\n");
                }

                var tmp = outFile.FullName + ".tmp";
                File.WriteAllText(tmp, sb.ToString());
                File.Move(tmp, outFile.FullName, overwrite: true);
                AnsiConsole.MarkupLine($"wrote {Markup.Escape(outFile.FullName)}");
            }

            return ExitCodes.Ok;
        }
        catch (DataValidationException e)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.InvalidData;
        }
        catch (InvalidOperationException e)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.NotFound;
        }
        catch (Kosmo.Models.Boosting.LightGbmUnavailableException e)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return ExitCodes.NotFound;
        }
    }

    private static string P(float p) => p.ToString("0.000", CultureInfo.InvariantCulture);
}
