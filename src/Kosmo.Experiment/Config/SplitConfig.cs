namespace Kosmo.Experiment.Config;

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
    /// <summary>purged_kfold: number of folds K; cpcv: number of date groups N.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public int Folds { get; init; } = 5;
    /// <summary>cpcv: test groups k per split (C(N, k) splits, φ = k/N · C(N, k) backtest paths).</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public int TestGroups { get; init; } = 2;

    /// <summary><c>folds</c> as RUN/config.yaml writes it: only for purged_kfold and cpcv, so walk-forward run folders keep their bytes.</summary>
    [YamlDotNet.Serialization.YamlMember(Alias = "folds", DefaultValuesHandling = YamlDotNet.Serialization.DefaultValuesHandling.OmitNull)]
    public int? FoldsWritten => Scheme == "walk_forward" ? null : Folds;

    /// <summary><c>test_groups</c> as RUN/config.yaml writes it: only for cpcv.</summary>
    [YamlDotNet.Serialization.YamlMember(Alias = "test_groups", DefaultValuesHandling = YamlDotNet.Serialization.DefaultValuesHandling.OmitNull)]
    public int? TestGroupsWritten => Scheme == "cpcv" ? TestGroups : null;

    /// <summary>True for the schemes whose training data lies on both sides of a test block (purged_kfold, cpcv).</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public bool IsCrossValidation => Scheme != "walk_forward";

    /// <exception cref="Core.DataValidationException">
    /// A bad value, or <c>test_groups</c> ≥ <c>folds</c> for cpcv. A key written for another scheme is refused by
    /// <see cref="KeyApplicability"/> (<see cref="KeyRules.Split"/>).
    /// </exception>
    public static SplitConfig Read(YamlSection s)
    {
        var c = ReadKeys(s);
        if (c.Scheme == "cpcv" && c.TestGroups >= c.Folds)
        {
            throw new Core.DataValidationException(s.File, s.LineOf("test_groups"), $"{s.Path}.test_groups", $"{s.Path}.test_groups: {c.TestGroups} must be below split.folds ({c.Folds}), the number of date groups");
        }

        return c;
    }

    private static SplitConfig ReadKeys(YamlSection s) => new()
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
