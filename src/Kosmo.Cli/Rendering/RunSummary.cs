using System.Globalization;
using System.Text.Json.Nodes;
using Kosmo.Core.IO;
using Spectre.Console;

namespace Kosmo.Cli.Rendering;

/// <summary>The final summary table in the terminal, read back from RUN/metrics.json (so it shows what was written).</summary>
internal static class RunSummary
{
    public static void Print(string runDir)
    {
        var root = MetricsJsonFile.Read(RunLayout.Metrics(runDir));
        if (root["data"]?["synthetic"]?.GetValue<bool>() == true)
        {
            AnsiConsole.MarkupLine("[yellow bold]SYNTHETIC DATA[/]: these numbers describe the embedded synthetic market, not KRX.");
        }

        var models = new Table().Title("models (test folds)").AddColumns("model", "accuracy", "macro F1 [[95% CI]]", "log loss", "rank IC [[95% CI]]", "ICIR", "n");
        foreach (var (name, node) in root["models"]?.AsObject() ?? [])
        {
            models.AddRow(Markup.Escape(name), F(node, "accuracy"), $"{F(node, "macro_f1")} {Ci(node, "macro_f1_ci")}", F(node, "log_loss"), $"{F(node, "rank_ic")} {Ci(node, "rank_ic_ci")}", F(node, "icir"), F(node, "n_test", "N0"));
        }

        AnsiConsole.Write(models);
        if (root["oot"]?["models"] is JsonObject oot)
        {
            var d = root["oot"]?["data"];
            var table = new Table().Title($"out-of-time test {d?["test_first_date"]}..{d?["test_last_date"]} (MODEL+ft = fine-tuned)").AddColumns("model", "accuracy", "macro F1 [[95% CI]]", "log loss", "rank IC [[95% CI]]", "ICIR", "n");
            foreach (var (name, node) in oot)
            {
                table.AddRow(Markup.Escape(name), F(node, "accuracy"), $"{F(node, "macro_f1")} {Ci(node, "macro_f1_ci")}", F(node, "log_loss"), $"{F(node, "rank_ic")} {Ci(node, "rank_ic_ci")}", F(node, "icir"), F(node, "n_test", "N0"));
            }

            AnsiConsole.Write(table);
        }

        var bt = new Table().Title("backtests and benchmarks (net of costs)").AddColumns("name", "total return", "CAGR", "Sharpe", "max DD", "turnover", "DSR");
        foreach (var section in new[] { "backtests", "benchmarks" })
        {
            foreach (var (name, node) in root[section]?.AsObject() ?? [])
            {
                bt.AddRow(Markup.Escape(name), F(node, "total_return", "P1"), F(node, "cagr", "P1"), F(node, "sharpe"), F(node, "max_drawdown", "P1"), F(node, "turnover"), F(node, "dsr"));
            }
        }

        AnsiConsole.Write(bt);
        AnsiConsole.MarkupLine($"report: [bold]{Markup.Escape(RunLayout.Report(runDir))}[/]");
    }

    private static string F(JsonNode? node, string key, string format = "F3") =>
        node?[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Ci(JsonNode? node, string key) =>
        node?[key] is JsonArray { Count: 2 } a && a[0] is JsonValue lo && a[1] is JsonValue hi && lo.TryGetValue<double>(out var l) && hi.TryGetValue<double>(out var h)
            ? $"[grey][[{l.ToString("F3", CultureInfo.InvariantCulture)}, {h.ToString("F3", CultureInfo.InvariantCulture)}]][/]"
            : "";
}
