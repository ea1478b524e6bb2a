using System.Globalization;
using System.Text.Json.Nodes;
using Kosmo.Core.IO;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment.Oot;

/// <summary>The fine-tune split's facts in <c>oot.data</c> (the split itself: <see cref="FinetuneSplit"/>).</summary>
internal static class FinetuneFacts
{
    /// <summary>Adds the split and each fine-tuned window model's selected epoch (its cell's <c>selected_epoch</c>) to <c>oot.data</c>.</summary>
    public static void AddFacts(JsonObject facts, Prepared prepared, int[] train, int[] validation, IEnumerable<(string Name, string CellDir)> cells)
    {
        var s = prepared.Samples;
        var d = prepared.Panel.Dates;
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
            var file = Path.Combine(dir, RunLayout.SelectedEpochFile);
            if (File.Exists(file))
            {
                selected[name] = int.Parse(File.ReadAllText(file), CultureInfo.InvariantCulture);
            }

            var scores = Path.Combine(dir, RunLayout.SelectionLossesFile);
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
