using Kosmo.Core;
using YamlDotNet.Serialization;

namespace Kosmo.Experiment.Config;

/// <summary>
/// <c>oot:</c> the optional out-of-time test: every model of the run, as trained by the last walk-forward
/// fold, predicts a later period loaded as a second point-in-time panel (zero-shot), and the window models are also
/// fine-tuned on a window before that period (<c>MODEL+ft</c>). See docs/notes/oot.md.
/// </summary>
internal sealed record OotConfig
{
    /// <summary>First date of the OOT test period (inclusive).</summary>
    public DateOnly TestFrom { get; init; }

    /// <summary>Last date of the OOT test period (inclusive); samples whose label is unknown by the data end are dropped.</summary>
    public DateOnly TestTo { get; init; }

    /// <summary>First date of the OOT panel (history for the features and the lookback); null = the fine-tune start, else the test start.</summary>
    public DateOnly? DataFrom { get; init; }

    /// <summary>First sample date of the fine-tune window; null (with <see cref="FinetuneTo"/>) = no fine-tuned variants.</summary>
    public DateOnly? FinetuneFrom { get; init; }

    /// <summary>Last sample date of the fine-tune window; samples are further restricted to labels ending
    /// <c>split.embargo_days</c> trading days before <see cref="TestFrom"/>.</summary>
    public DateOnly? FinetuneTo { get; init; }

    /// <summary>Fine-tuning epochs of the window models.</summary>
    public int FinetuneEpochs { get; init; } = 2;

    /// <summary>Peak learning rate of fine-tuning (cosine decay, no warm-up).</summary>
    public double FinetuneLearningRate { get; init; } = 3e-4;

    /// <summary>
    /// Share of the fine-tune window's dates (the latest ones) held out to choose the fine-tuned weights: the window models
    /// early-stop on it (<see cref="FinetunePatience"/>) and keep the zero-shot weights when no fine-tuned epoch beats them
    /// there; fine-tune training samples whose labels reach into the held-out block (plus the embargo) are purged. 0 = no
    /// validation (train on the whole window for <see cref="FinetuneEpochs"/>).
    /// </summary>
    public double FinetuneValidation { get; init; } = 0.25;

    /// <summary>Epochs without a better validation loss before fine-tuning stops (with <see cref="FinetuneValidation"/> &gt; 0).</summary>
    public int FinetunePatience { get; init; } = 1;

    /// <summary>Cap on fine-tuning samples (uniform draw as in the folds; the weights act in the loss); null = <c>model.max_train_samples</c>.</summary>
    public int? FinetuneMaxSamples { get; init; }

    /// <summary>The first date of the OOT panel.</summary>
    [YamlIgnore]
    public DateOnly PanelFrom => DataFrom ?? FinetuneFrom ?? TestFrom;

    /// <summary>Whether fine-tuned variants are built.</summary>
    [YamlIgnore]
    public bool Finetune => FinetuneFrom is not null;

    /// <summary>Reads <c>oot:</c>; null when the section is absent.</summary>
    /// <exception cref="DataValidationException">A missing or bad key, or dates out of order (key path in the message).</exception>
    public static OotConfig? Read(YamlSection parent)
    {
        if (!parent.Has("oot"))
        {
            parent.Section("oot");
            return null;
        }

        var s = parent.Section("oot");
        var config = new OotConfig
        {
            TestFrom = s.Date("test_from", null) ?? throw Missing(s, "test_from"),
            TestTo = s.Date("test_to", null) ?? throw Missing(s, "test_to"),
            DataFrom = s.Date("data_from", null),
            FinetuneFrom = s.Date("finetune_from", null),
            FinetuneTo = s.Date("finetune_to", null),
            FinetuneEpochs = s.Int("finetune_epochs", 2, 1, 1000),
            FinetuneLearningRate = s.Double("finetune_learning_rate", 3e-4, 1e-7, 1),
            FinetuneMaxSamples = s.NullableInt("finetune_max_samples", 0, int.MaxValue),
            FinetuneValidation = s.Double("finetune_validation", 0.25, 0, 0.9),
            FinetunePatience = s.Int("finetune_patience", 1, 0, 1000),
        };
        config.Check(s);
        return config;
    }

    private void Check(YamlSection s)
    {
        if (TestTo < TestFrom)
        {
            throw Bad(s, "test_to", $"{TestTo:yyyy-MM-dd} is before oot.test_from {TestFrom:yyyy-MM-dd}");
        }

        if ((FinetuneFrom is null) != (FinetuneTo is null))
        {
            throw Bad(s, FinetuneFrom is null ? "finetune_from" : "finetune_to", "oot.finetune_from and oot.finetune_to go together (both or neither)");
        }

        if (FinetuneFrom is { } ff && FinetuneTo is { } ft)
        {
            if (ft < ff)
            {
                throw Bad(s, "finetune_to", $"{ft:yyyy-MM-dd} is before oot.finetune_from {ff:yyyy-MM-dd}");
            }

            if (ft >= TestFrom)
            {
                throw Bad(s, "finetune_to", $"{ft:yyyy-MM-dd} must be before oot.test_from {TestFrom:yyyy-MM-dd} (fine-tuning labels must end before the test)");
            }
        }

        if (DataFrom is { } df && df > (FinetuneFrom ?? TestFrom))
        {
            throw Bad(s, "data_from", $"{df:yyyy-MM-dd} is after the first fine-tune or test date {FinetuneFrom ?? TestFrom:yyyy-MM-dd}");
        }
    }

    private static DataValidationException Missing(YamlSection s, string key) =>
        new(s.File, s.LineOf(""), s.Path + "." + key, $"{s.Path}.{key}: required when the oot: section is present (yyyy-MM-dd)");

    private static DataValidationException Bad(YamlSection s, string key, string problem) =>
        new(s.File, s.LineOf(key), s.Path + "." + key, $"{s.Path}.{key}: {problem}");
}
