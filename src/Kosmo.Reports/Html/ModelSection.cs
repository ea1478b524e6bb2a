using System.Globalization;
using Kosmo.Core.IO;
using Kosmo.Reports.Charts;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>Per-model diagnostics: confusion matrix, calibration, attention by lag, variable importance and training curves.</summary>
internal static class ModelSection
{
    private static readonly string[] _classes = ["down", "flat", "up"];
    private static readonly string[] _classColors = ["#d73027", "#6b7280", "#1a9850"];

    public static string Render(RunData run)
    {
        var body = Classification(run) + Attention(run) + Importance(run) + Training(run);
        return Blocks.Section("models", "Models", body);
    }

    private static string Classification(RunData run)
    {
        var note = run.NoteFor(RunLayout.MetricsFile);
        if (note is not null)
        {
            return Blocks.Note("Confusion matrices and calibration: " + note);
        }

        var cards = new List<string>();
        foreach (var m in run.Metrics.Models)
        {
            if (m.Confusion is { } cm)
            {
                cards.Add(Blocks.Card($"{m.Name}: confusion matrix", Confusion(m.Name, cm), "Rows: true class; columns: predicted. Cell shade = share of the true class.", false));
            }

            if (m.Calibration.Count > 0)
            {
                cards.Add(Blocks.Card($"{m.Name}: calibration", Calibration(m), "Mean predicted probability vs observed frequency per bin; on the diagonal = perfectly calibrated. Hover a point for its count.", false));
            }
        }

        return cards.Count == 0
            ? Blocks.Note("metrics.json has no confusion matrices or calibration bins (models.NAME.confusion / .calibration).")
            : Blocks.Grid(cards);
    }

    internal static string Confusion(string model, double[,] cm)
    {
        var k = cm.GetLength(0);
        var names = k == 3 ? _classes : [.. Kosmo.Core.ClassScore.Names(k)];
        var rowTotals = Enumerable.Range(0, k).Select(r => Enumerable.Range(0, k).Sum(c => cm[r, c])).ToArray();
        return new HeatGrid
        {
            Id = "chart-confusion-" + Blocks.Slug(model), Label = $"Confusion matrix of {model}", RowLabels = names, ColLabels = names, Values = cm,
            CellColor = (r, _, v) => Colors.Sequential(rowTotals[r] > 0 ? v / rowTotals[r] : 0),
            CellText = (r, _, v) => $"{Fmt.Count(v)} · {(rowTotals[r] > 0 ? Fmt.Pct(v / rowTotals[r], 0) : Fmt.Missing)}",
            CellTip = (r, c, v) => $"true {names[r]}, predicted {names[c]}: {Fmt.Count(v)}",
            CellWidth = k == 3 ? 150 : 450 / k, CellHeight = 64, RowLabelWidth = 48, RowTitle = "true", ColTitle = "predicted",
        }.Render();
    }

    private static string Calibration(ModelMetrics m)
    {
        var series = m.Calibration.Select((c, i) =>
        {
            var idx = Array.IndexOf(_classes, c.Curve);
            var color = idx >= 0 ? _classColors[idx] : Colors.SeriesColor(i);
            return new LineSeries(c.Curve == "all" ? "all classes" : c.Curve, color,
                c.Bins.Where(b => b.Count > 0).Select(b => (b.MeanPred, b.FracPos)).ToList(), Markers: true);
        }).ToList();
        return Blocks.Legend(series) + new LineChart
        {
            Id = "chart-calibration-" + Blocks.Slug(m.Name), Label = $"Calibration of {m.Name}", Series = series, XKind = AxisKind.Linear,
            XFormat = v => v.ToString("0.##", CultureInfo.InvariantCulture), YFormat = v => v.ToString("0.##", CultureInfo.InvariantCulture),
            References = [(0, 0, 1, 1)], YInclude = [0, 1], Width = 560, Height = 360,
        }.Render();
    }

    private static string Attention(RunData run)
    {
        var note = run.NoteFor(RunLayout.AttentionFile);
        if (note is not null || run.Attention.Count == 0)
        {
            return Blocks.Note("Attention by lag: " + (note ?? "attention.csv has no rows."));
        }

        var lags = run.Attention.Select(a => a.Lag).Distinct().Order().ToList();
        var models = run.Attention.Select(a => a.Model).Distinct().ToList();
        var groups = models.Select((m, i) => (m, Colors.SeriesColor(i), lags.Select(l =>
            run.Attention.Where(a => a.Model == m && a.Lag == l).Select(a => a.Weight).DefaultIfEmpty(double.NaN).Average()).ToArray())).ToList();
        var chart = new BarChart
        {
            Id = "chart-attention", Label = "Attention weight by lag", Categories = lags.Select(l => l.ToString(CultureInfo.InvariantCulture)).ToList(),
            Groups = groups, ValueFormat = v => v.ToString("0.###", CultureInfo.InvariantCulture), Height = 260,
        };
        return "<div style=\"height:16px\"></div>" + Blocks.Card("Attention weight by lag",
            Blocks.Legend(models.Select((m, i) => (m, Colors.SeriesColor(i), string.Empty))) + chart.Render(),
            "Mean self-attention weight from the forecast step to each past day (lag 1 = the previous trading day).");
    }

    private static string Importance(RunData run)
    {
        var note = run.NoteFor(RunLayout.VariableImportanceFile);
        if (note is not null || run.Importance.Count == 0)
        {
            return Blocks.Note("Variable importance: " + (note ?? "variable_importance.csv has no rows."));
        }

        var cards = new List<string>();
        foreach (var model in run.Importance.Select(r => r.Model).Distinct())
        {
            foreach (var kind in new[] { "temporal", "static" })
            {
                var rows = run.Importance.Where(r => r.Model == model && r.Kind == kind).OrderByDescending(r => r.Weight).ThenBy(r => r.Variable, StringComparer.Ordinal).ToList();
                if (rows.Count == 0)
                {
                    continue;
                }

                var chart = new BarChart
                {
                    Id = $"chart-vsn-{kind}-{Blocks.Slug(model)}", Label = $"{kind} variable importance of {model}", Horizontal = true, Width = 560,
                    Categories = rows.Select(r => r.Variable).ToList(), Groups = [(model, kind == "temporal" ? "#2563eb" : "#17a398", rows.Select(r => r.Weight).ToArray())],
                    ValueFormat = v => v.ToString("0.###", CultureInfo.InvariantCulture), RowHeight = 20, LabelWidth = 150,
                };
                cards.Add(Blocks.Card($"{model}: {kind} variable selection weights", chart.Render(), kind == "temporal"
                    ? "Mean variable-selection-network weight per time-varying input."
                    : "Static-covariate selection weights.", false));
            }
        }

        return "<div style=\"height:16px\"></div>" + Blocks.Grid(cards);
    }

    private static string Training(RunData run)
    {
        var note = run.NoteFor(RunLayout.TrainingLogFile);
        if (note is not null || run.Training.Count == 0)
        {
            return Blocks.Note("Training curves: " + (note ?? "training_log.csv has no rows."));
        }

        var cards = new List<string>();
        foreach (var model in run.Training.Select(r => r.Model).Distinct())
        {
            var folds = run.Training.Where(r => r.Model == model).Select(r => r.Fold).Distinct().Order().ToList();
            var series = new List<LineSeries>();
            foreach (var (fold, i) in folds.Select((f, i) => (f, i)))
            {
                var rows = run.Training.Where(r => r.Model == model && r.Fold == fold).OrderBy(r => r.Epoch).ToList();
                series.Add(new LineSeries($"fold {fold} train", Colors.SeriesColor(i), rows.Select(r => ((double)r.Epoch, r.TrainLoss)).ToList()));
                if (rows.Any(r => double.IsFinite(r.ValLoss)))
                {
                    series.Add(new LineSeries($"fold {fold} val", Colors.SeriesColor(i), rows.Select(r => ((double)r.Epoch, r.ValLoss)).ToList(), Dashed: true));
                }
            }

            var chart = new LineChart
            {
                Id = "chart-training-" + Blocks.Slug(model), Label = $"Training loss of {model}", Series = series, XKind = AxisKind.Linear,
                TipFormat = v => v.ToString("0.0000", CultureInfo.InvariantCulture), Width = 560, Height = 300,
            };
            var speed = run.Training.Where(r => r.Model == model && double.IsFinite(r.SamplesPerS)).Select(r => r.SamplesPerS).ToList();
            cards.Add(Blocks.Card($"{model}: training and validation loss", Blocks.Legend(series) + chart.Render(),
                $"x: epoch; solid = train, dashed = validation.{(speed.Count > 0 ? $" Median speed {Fmt.Count(speed.Order().ElementAt(speed.Count / 2))} samples/s." : string.Empty)}", false));
        }

        return "<div style=\"height:16px\"></div>" + Blocks.Grid(cards);
    }
}
