using System.Globalization;
using System.Text.Json.Nodes;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment.Oot;

/// <summary>The <c>oot.data</c> facts of metrics.json: panel, samples, leakage bounds, universe and feature coverage.</summary>
internal static class OotFacts
{
    /// <summary>Builds the facts (deterministic: rounded values, fixed key order).</summary>
    public static JsonObject Build(Prepared main, OotData data, int[] finetuneUsed, IReadOnlyList<FoldData> folds, IReadOnlyList<string> skipped)
    {
        var prepared = data.Prepared;
        var p = prepared.Panel;
        var s = prepared.Samples;
        var fold = folds[^1];
        var testDates = data.Test.Select(j => s.Start[j]).Distinct().Order().ToArray();
        var o = new JsonObject
        {
            ["description"] = p.Description,
            ["first_date"] = D(p.Dates[0]),
            ["last_date"] = D(p.Dates[^1]),
            ["dates"] = p.DateCount,
            ["codes"] = p.CodeCount,
            ["source_fold"] = fold.Index,
            ["source_fold_name"] = fold.Name,
            ["source_fold_last_label_end"] = D(main.Samples.Dates[fold.Train.Concat(fold.Validation).Max(j => main.Samples.End[j])]),
            ["test_first_date"] = D(p.Dates[testDates[0]]),
            ["test_last_date"] = D(p.Dates[testDates[^1]]),
            ["test_dates"] = testDates.Length,
            ["test_samples"] = data.Test.Length,
            ["embargo_days"] = main.Config.Split.EmbargoDays,
            ["first_test_index_date"] = D(p.Dates[data.FirstTestIndex]),
            ["finetune_eligible"] = data.Finetune.Length,
            ["finetune_used"] = finetuneUsed.Length,
        };
        if (finetuneUsed.Length > 0)
        {
            o["finetune_first_date"] = D(p.Dates[finetuneUsed.Min(j => s.Start[j])]);
            o["finetune_last_date"] = D(p.Dates[finetuneUsed.Max(j => s.Start[j])]);
            o["finetune_last_label_end"] = D(p.Dates[finetuneUsed.Max(j => s.End[j])]);
        }

        o["universe_mean_members_test"] = Math.Round(testDates.Average(t => (double)prepared.Universe.MemberCount(t)), 1);
        var basis = new JsonObject();
        foreach (var g in testDates.GroupBy(t => prepared.Universe.SizeBasis[t].ToString()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            basis[g.Key] = g.Count();
        }

        o["size_basis_test_dates"] = basis;
        var (nan, perFeature) = OotFeatures.NanShare(prepared.Cube, prepared.Samples.Select(data.Test));
        var (mainNan, mainPerFeature) = OotFeatures.NanShare(main.Cube, main.Samples.Select(folds.SelectMany(f => f.Test).ToArray()));
        o["nan_share_test"] = R(nan);
        o["nan_share_main_test"] = R(mainNan);
        var worst = new JsonObject();
        for (var k = 0; k < perFeature.Length; k++)
        {
            if (perFeature[k] > 0.05)
            {
                worst[prepared.Cube.Names[k]] = new JsonArray(R(perFeature[k]), R(mainPerFeature[k]));
            }
        }

        o["features_nan_over_5pct"] = worst;
        o["features_nan_note"] = "feature: [NaN share at the OOT test samples' dates, same in the main run's test folds]; NaN inputs are filled with 0 in windows and with the training mean by the row models";
        o["skipped_models"] = new JsonArray(skipped.Select(n => (JsonNode?)n).ToArray());
        return o;
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static double R(double v) => Math.Round(v, 6);
}
