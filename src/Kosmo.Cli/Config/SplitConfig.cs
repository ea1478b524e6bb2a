namespace Kosmo.Cli.Config;

/// <summary><c>split:</c> the validation scheme.</summary>
internal sealed record SplitConfig
{
    /// <summary>walk_forward, purged_kfold or cpcv.</summary>
    public string Scheme { get; init; } = "walk_forward";
    /// <summary>expanding or rolling (walk-forward).</summary>
    public string Window { get; init; } = "expanding";
    /// <summary>First test year (walk-forward, yearly refits); null = derived from the data (after 2 years).</summary>
    public int? FirstTestYear { get; init; }
    public int? LastTestYear { get; init; }
    /// <summary>Training years of a rolling window.</summary>
    public int TrainYears { get; init; } = 5;
    /// <summary>Embargo in trading days after each test block; labels are purged on top of it.</summary>
    public int EmbargoDays { get; init; } = 5;
    /// <summary>Share of the training period (the latest part) held out for early stopping.</summary>
    public double ValidationFraction { get; init; } = 0.15;
    public int Folds { get; init; } = 5;
    public int TestGroups { get; init; } = 2;

    public static SplitConfig Read(YamlSection s) => new()
    {
        Scheme = s.String("scheme", "walk_forward", "walk_forward", "purged_kfold", "cpcv"),
        Window = s.String("window", "expanding", "expanding", "rolling"),
        FirstTestYear = s.NullableInt("first_test_year", 1990, 2100),
        LastTestYear = s.NullableInt("last_test_year", 1990, 2100),
        TrainYears = s.Int("train_years", 5, 1, 50),
        EmbargoDays = s.Int("embargo_days", 5, 0, 250),
        ValidationFraction = s.Double("validation_fraction", 0.15, 0, 0.5),
        Folds = s.Int("folds", 5, 2, 50),
        TestGroups = s.Int("test_groups", 2, 1, 10),
    };
}
