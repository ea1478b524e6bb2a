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
    /// <summary>purged_kfold and cpcv: number of folds / date groups (not run by kosmo run; not written to config.yaml).</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public int Folds { get; init; } = 5;
    /// <summary>cpcv: test groups per split (not run by kosmo run; not written to config.yaml).</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public int TestGroups { get; init; } = 2;

    /// <exception cref="Core.DataValidationException">
    /// A bad value, or <c>scheme: purged_kfold | cpcv</c> (and their keys <c>folds</c>, <c>test_groups</c>): the library has
    /// both schemes (<c>PurgedKFold</c>, <c>CombinatorialPurgedCV</c>), but <c>kosmo run</c> runs walk-forward only, and a
    /// scheme accepted and silently replaced by walk-forward would report results the user did not ask for.
    /// </exception>
    public static SplitConfig Read(YamlSection s)
    {
        var c = ReadKeys(s);
        if (c.Scheme != "walk_forward")
        {
            throw new Core.DataValidationException(s.File, 0, s.Path + ".scheme", $"{s.Path}.scheme: '{c.Scheme}' is not run by kosmo run yet (walk_forward only); "
                + "the library's PurgedKFold and CombinatorialPurgedCV are not wired into the pipeline, whose shared feature cube is fitted on the first fold's training window");
        }

        // Run folders written before the schemes were refused carry the defaults (folds: 5, test_groups: 2): accepted.
        foreach (var (key, changed) in new[] { ("folds", c.Folds != 5), ("test_groups", c.TestGroups != 2) })
        {
            if (changed)
            {
                throw new Core.DataValidationException(s.File, 0, $"{s.Path}.{key}", $"{s.Path}.{key}: applies to purged_kfold and cpcv only, which kosmo run does not run yet; remove it");
            }
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
