using Kosmo.Experiment.Config;
using Kosmo.Core;
using Kosmo.Data.Universe;
using Kosmo.Features.Splits;
using Kosmo.Features.Statics;

namespace Kosmo.Experiment.Oot;

/// <summary>
/// The prepared out-of-time panel: its own prepared record (universe, labels, weights, statics, samples, cube, built
/// with the main run's rules) and the fine-tune and test samples as indices into <see cref="Experiment.Prepared.Samples"/>
/// of <see cref="Prepared"/>.
/// </summary>
/// <param name="Prepared">The OOT panel's prepared record (the main run's config, another panel; no splits).</param>
/// <param name="Finetune">Fine-tune samples: dates in [finetune_from, finetune_to] and label end &lt; first test date − embargo.</param>
/// <param name="Test">Test samples: dates in [test_from, test_to] (labelled universe members).</param>
/// <param name="FirstTestIndex">Panel index of the first trading date on or after test_from.</param>
internal sealed record OotData(Prepared Prepared, int[] Finetune, int[] Test, int FirstTestIndex)
{
    /// <summary>Builds the OOT record for <paramref name="panel"/> (see the type summary).</summary>
    /// <exception cref="DataValidationException">No labelled universe sample in the test period.</exception>
    public static OotData Prepare(Prepared main, OotConfig oot, Panel panel, Action<string> status)
    {
        var c = main.Config;
        status("out-of-time universe, labels and weights (the main run's rules)");
        var universe = UniverseBuilder.Build(panel, PrepareStep.UniverseRulesOf(c.Universe, c.Data));
        var mask = universe.Members();
        var labels = PrepareStep.LabelMethod(c.Labels, mask).Compute(panel);
        var prepared = new Prepared
        {
            Config = c,
            Panel = panel,
            Universe = universe,
            UniverseMask = mask,
            Labels = labels,
            Weights = PrepareStep.SampleWeights(c.Labels, labels, panel),
            Statics = StaticAttributes.Build(panel),
            Samples = LabeledSamples.FromLabels(labels, mask),
            Cube = OotFeatures.Build(main, panel, status),
        };

        var firstTest = Array.FindIndex(panel.Dates, d => d >= oot.TestFrom);
        var s = prepared.Samples;
        var test = Enumerable.Range(0, s.Count).Where(j => s.Dates[s.Start[j]] >= oot.TestFrom && s.Dates[s.Start[j]] <= oot.TestTo).ToArray();
        if (test.Length == 0)
        {
            throw new DataValidationException("config", 0, "oot.test_from", $"oot.test_from: no labelled universe sample in {oot.TestFrom:yyyy-MM-dd}..{oot.TestTo:yyyy-MM-dd} (the data ends {panel.Dates[^1]:yyyy-MM-dd}; labels need {c.Labels.Horizon} more days)");
        }

        var finetune = oot.FinetuneFrom is { } ff && oot.FinetuneTo is { } ft
            ? Enumerable.Range(0, s.Count).Where(j => s.Dates[s.Start[j]] >= ff && s.Dates[s.Start[j]] <= ft && s.End[j] < firstTest - c.Split.EmbargoDays).ToArray()
            : [];
        return new OotData(prepared, finetune, test, firstTest);
    }
}
