using System.Globalization;
using System.Text.Json.Nodes;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment.Oot;

/// <summary>
/// The fine-tune window's split into training and held-out samples: the latest share of its dates is held out, and a
/// training sample is kept only if its label ends at least <c>embargo</c> trading days before the first held-out date
/// (purging, López de Prado ch. 7), so the held-out block scores weights that never saw its outcomes.
/// </summary>
internal static class FinetuneSplit
{
    /// <summary>Splits <paramref name="samples"/> (indices into <paramref name="s"/>) by date.</summary>
    /// <param name="s">The OOT context's labelled samples.</param>
    /// <param name="samples">The fine-tune samples.</param>
    /// <param name="fraction">Share of the distinct sample dates held out (the latest); 0 = none.</param>
    /// <param name="embargo">Trading days between a training label's end and the first held-out date.</param>
    /// <returns>Training and held-out samples, each in ascending index order; held-out is empty when fraction is 0 or
    /// the window has fewer than two dates.</returns>
    public static (int[] Train, int[] Validation) Split(LabeledSamples s, int[] samples, double fraction, int embargo)
    {
        var dates = samples.Select(j => s.Start[j]).Distinct().Order().ToArray();
        if (fraction <= 0 || dates.Length < 2)
        {
            return ([.. samples.Order()], []);
        }

        var first = dates[Math.Clamp((int)Math.Floor(dates.Length * (1 - fraction)), 1, dates.Length - 1)];
        var validation = samples.Where(j => s.Start[j] >= first).Order().ToArray();
        var train = samples.Where(j => s.Start[j] < first && s.End[j] < first - embargo).Order().ToArray();
        return (train, validation);
    }

    /// <summary>Adds the split and each fine-tuned window model's selected epoch (its cell's <c>selected_epoch</c>) to <c>oot.data</c>.</summary>
    public static void AddFacts(JsonObject facts, RunContext ctx, int[] train, int[] validation, IEnumerable<(string Name, string CellDir)> cells)
    {
        var s = ctx.Samples;
        var d = ctx.Panel.Dates;
        facts["finetune_train"] = train.Length;
        facts["finetune_validation"] = validation.Length;
        if (train.Length > 0 && validation.Length > 0)
        {
            facts["finetune_train_last_label_end"] = D(d[train.Max(j => s.End[j])]);
            facts["finetune_validation_first_date"] = D(d[validation.Min(j => s.Start[j])]);
            facts["finetune_validation_last_date"] = D(d[validation.Max(j => s.Start[j])]);
        }

        var selected = new JsonObject();
        var losses = new JsonObject();
        foreach (var (name, dir) in cells)
        {
            var file = Path.Combine(dir, "selected_epoch");
            if (File.Exists(file))
            {
                selected[name] = int.Parse(File.ReadAllText(file), CultureInfo.InvariantCulture);
            }

            var scores = Path.Combine(dir, "selection_losses");
            if (File.Exists(scores))
            {
                var parts = File.ReadAllText(scores).Split(' ');
                losses[name] = new JsonArray(Math.Round(double.Parse(parts[0], CultureInfo.InvariantCulture), 6), Math.Round(double.Parse(parts[1], CultureInfo.InvariantCulture), 6));
            }
        }

        facts["finetune_selected_epoch"] = selected;
        facts["finetune_validation_loss"] = losses;
        facts["finetune_validation_loss_note"] = "model: [held-out loss of the zero-shot weights, best held-out loss of a fine-tuned epoch]; the lower one decides";
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
