using Kosmo.Experiment.Config;

namespace Kosmo.Experiment.Tests.Config;

/// <summary>
/// No config key is accepted and ignored: every conditional key (<see cref="KeyApplicability.Rules"/>) written with a
/// non-default value where it has no effect is refused with its key path, and accepted where it acts. The table below
/// must name every rule, and every key documented in docs/experiment.example.yaml is either a rule or listed here as
/// acting in every config, so a new key cannot slip through unclassified.
/// </summary>
public sealed class InapplicableKeyTests
{
    private static readonly string[] Oot = ["oot.test_from=2024-07-01", "oot.test_to=2025-06-17"];
    private static readonly string[] Finetune = [.. Oot, "oot.finetune_from=2023-12-05", "oot.finetune_to=2024-06-30"];
    private static readonly string[] NoNeural = ["model.name=logistic", "baselines=[momentum_12_1, lightgbm]"];
    private static readonly string[] MetaOnly = ["model.name=logistic", "baselines=[lstm_reptile]"];

    /// <summary>Key, a non-default value, a context where it has no effect, a context where it acts.</summary>
    private static readonly (string Key, string Value, string[] Without, string[] With)[] Cases =
    [
        ("data.synthetic_stocks", "50", ["data.source=db"], []),
        ("data.synthetic_years", "3", ["data.source=krx"], []),
        ("data.synthetic_seed", "9", ["data.source=db"], []),
        ("data.dir", "other/krx", ["data.source=db"], ["data.source=krx"]),
        ("data.db", "other.db", [], ["data.source=db"]),
        ("data.from", "2001-01-01", [], ["data.source=db"]),
        ("data.to", "2010-12-31", [], ["data.source=krx"]),
        ("features.wavelets", "false", ["features.set=[returns:1:5:20, vol:20]"], []),
        ("features.wavelet_levels", "3", ["features.wavelets=false"], []),
        ("features.regime_states", "2", ["features.regimes=false"], []),
        ("labels.threshold_k", "0.8", ["labels.method=cs_tercile"], []),
        ("labels.threshold_k", "0.8", ["labels.method=triple_barrier"], []),
        ("labels.threshold_k", "0.8", ["labels.method=trend_scanning"], []),
        ("labels.profit_take", "3", [], ["labels.method=triple_barrier"]),
        ("labels.stop_loss", "3", ["labels.method=trend_scanning"], ["labels.meta=true"]),
        ("labels.meta_primary", "logistic", [], ["labels.meta=true"]),
        ("split.folds", "6", [], ["split.scheme=purged_kfold"]),
        ("split.test_groups", "3", ["split.scheme=purged_kfold"], ["split.scheme=cpcv"]),
        ("split.window", "rolling", ["split.scheme=cpcv"], []),
        ("split.first_test_year", "2016", ["split.scheme=purged_kfold"], []),
        ("split.last_test_year", "2017", ["split.scheme=cpcv"], []),
        ("split.train_years", "3", [], ["split.window=rolling"]),
        ("model.hidden", "64", NoNeural, []),
        ("model.dropout", "0.2", NoNeural, []),
        ("model.learning_rate", "0.01", NoNeural, []),
        ("model.batch", "128", NoNeural, []),
        ("model.epochs", "5", NoNeural, []),
        ("model.clip_norm", "2", NoNeural, []),
        ("model.weight_decay", "0.01", MetaOnly, []),
        ("model.warmup_steps", "10", MetaOnly, []),
        ("model.patience", "1", MetaOnly, []),
        ("model.data_parallel", "false", MetaOnly, []),
        ("model.precision", "fp32", NoNeural, []),
        ("model.heads", "2", ["model.name=lstm", "baselines=[logistic]"], []),
        ("model.ensemble", "true", ["baselines=[logistic]"], []),
        ("model.lightgbm.num_leaves", "15", [], ["baselines=[lightgbm]"]),
        ("model.lightgbm.learning_rate", "0.1", [], ["baselines=[lightgbm]"]),
        ("model.lightgbm.feature_fraction", "0.5", [], ["baselines=[lightgbm]"]),
        ("model.lightgbm.bagging_fraction", "0.5", [], ["baselines=[lightgbm]"]),
        ("model.lightgbm.bagging_freq", "2", [], ["baselines=[lightgbm]"]),
        ("model.lightgbm.min_data_in_leaf", "10", [], ["baselines=[lightgbm]"]),
        ("model.lightgbm.lambda_l2", "2", [], ["baselines=[lightgbm]"]),
        ("model.lightgbm.max_rounds", "100", [], ["baselines=[lightgbm]"]),
        ("model.lightgbm.early_stopping_rounds", "10", [], ["baselines=[lightgbm]"]),
        ("backtest.top_k", "10", ["backtest.strategy=prob_weighted"], []),
        ("backtest.min_hold_days", "2", ["backtest.strategy=topk_dropout"], []),
        ("backtest.dropout_n", "2", [], ["backtest.strategy=topk_dropout"]),
        ("backtest.exit_rank", "60", [], ["backtest.strategy=topk_hysteresis"]),
        ("backtest.tranches", "8", [], ["backtest.strategy=overlapping"]),
        ("backtest.weight_cap", "0.2", [], ["backtest.strategy=prob_weighted"]),
        ("backtest.risk_aversion", "2", ["backtest.strategy=prob_weighted"], ["backtest.strategy=optimizer"]),
        ("backtest.candidates", "50", [], ["backtest.strategy=optimizer"]),
        ("backtest.return_scale", "0.02", [], ["backtest.strategy=optimizer"]),
        ("backtest.turnover_penalty", "0.01", [], ["backtest.strategy=optimizer"]),
        ("backtest.turnover_quadratic", "0.01", [], ["backtest.strategy=optimizer"]),
        ("oot.finetune_epochs", "3", Oot, Finetune),
        ("oot.finetune_learning_rate", "0.001", Oot, Finetune),
        ("oot.finetune_max_samples", "1000", Oot, Finetune),
        ("oot.finetune_validation", "0.1", Oot, Finetune),
        ("oot.finetune_patience", "2", [.. Finetune, "oot.finetune_validation=0"], Finetune),
    ];

    /// <summary>Keys whose refused value is their default (bf16 needs hardware; the ensemble is refused when switched on).</summary>
    private static readonly string[] AtDefault = ["model.precision", "model.ensemble"];

    /// <summary>Documented keys that act in every config (or are refused by their own checks where they cannot, as noted).</summary>
    private static readonly string[] Unconditional =
    [
        "name", "seed", "threads", "max_cells", "baselines", "sweep", "sweep_point",
        "data", "data.source", "data.markets",
        "universe", "universe.min_avg_value_krw", "universe.avg_value_days", "universe.min_price", "universe.min_market_cap_krw", "universe.small_cap_band", "universe.min_history_days",
        "features", "features.set", "features.lookback", "features.cross_section", "features.regimes",
        "labels", "labels.method", "labels.horizon", "labels.weights", "labels.meta",
        "labels.target", // excess with another method: its own check (exit 2)
        "labels.time_decay", // != 1 under purged_kfold / cpcv: SchemeChecks (exit 2)
        "labels.classes", // 4 without trend_scanning: its own check (exit 2)
        "split", "split.scheme", "split.embargo_days", "split.validation_fraction",
        "model", "model.name", "model.max_train_samples", "model.lightgbm",
        "backtest", "backtest.strategy", "backtest.rebalance_days", "backtest.execution", "backtest.account_krw", "backtest.capacity_krw", "backtest.commission",
        "backtest.participation_cap", "backtest.impact_coefficient", "backtest.delist_haircut", "backtest.benchmarks", "backtest.smoothing_span", "backtest.no_trade_band",
        "backtest.pbo_blocks",
        "oot", "oot.test_from", "oot.test_to", "oot.data_from", "oot.finetune_from", "oot.finetune_to",
    ];

    public static TheoryData<int> CaseIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cases.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Parse_Should_RefuseTheKey_When_ItHasNoEffectInTheConfig(int index)
    {
        // Given a key set to a non-default value in a config where it cannot act
        var (key, value, without, _) = Cases[index];

        // When the config is read
        var act = () => ExperimentConfig.Parse("", "x.yaml", overrides: [.. without, $"{key}={value}"]);

        // Then it is refused with the key path and the reason
        var e = act.Should().Throw<ConfigException>().Which;
        e.Key.Should().Be(key);
        e.Message.Should().Contain($"{key}: has no effect here");
    }

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public void Parse_Should_AcceptTheKey_When_ItActsInTheConfig(int index)
    {
        // Given the same key and value in a config where it acts
        var (key, value, _, with) = Cases[index];

        // When the config is read and written back as a resolved config
        var config = ExperimentConfig.Parse("", "x.yaml", overrides: [.. with, $"{key}={value}"]).Single();

        // Then the value is bound (it differs from the default's resolved text) and the resolved text reads back the same
        var defaults = ExperimentConfig.Parse("", "x.yaml", overrides: with).Single();
        if (!AtDefault.Contains(key))
        {
            config.ToYaml().Should().NotBe(defaults.ToYaml(), $"{key}={value} must change the resolved config");
        }

        ExperimentConfig.Parse(config.ToYaml(), "config.yaml").Single().ToYaml().Should().Be(config.ToYaml());
    }

    [Fact]
    public void Rules_Should_EachHaveACase_When_Listed()
    {
        Cases.Select(c => c.Key).Distinct().Should().BeEquivalentTo(KeyApplicability.Rules.Select(r => r.Path));
    }

    [Fact]
    public void ExampleKeys_Should_EachBeConditionalOrUnconditional_When_Documented()
    {
        // Given every key documented in docs/experiment.example.yaml
        var documented = ExampleConfigKeyTests.DocumentedKeys();
        var conditional = KeyApplicability.Rules.Select(r => r.Path).ToHashSet();

        // Then each is either a conditional key (with a refusal) or known to act in every config
        documented.Where(k => !conditional.Contains(k) && !Unconditional.Contains(k)).Should().BeEmpty("a documented key must be classified: a rule in KeyRules, or listed as unconditional here");
        conditional.Except(documented).Should().BeEmpty("every conditional key is documented");
    }

    [Fact]
    public void Parse_Should_NameTheFileAndLine_When_TheThresholdIsWrittenForTripleBarrier()
    {
        // Given threshold_k on line 4 of a triple-barrier config
        const string yaml = "seed: 1\nlabels:\n  method: triple_barrier\n  threshold_k: 0.5\n";

        // When read (the default value is refused too: the user wrote it)
        var act = () => ExperimentConfig.Parse(yaml, "tb.yaml");

        // Then the error names the file, line, key and what the method uses instead
        var e = act.Should().Throw<ConfigException>().Which;
        (e.File, e.Line, e.Key).Should().Be(("tb.yaml", 4L, "labels.threshold_k"));
        e.Message.Should().Contain("vertical barrier");
    }

    [Theory]
    [InlineData("model.heads", "[2, 4]", "model:\n  name: lstm\n")]
    [InlineData("model.lightgbm.num_leaves", "[15, 31]", "baselines: [lightgbm]\n")]
    [InlineData("model.ensemble", "[true, false]", "")]
    [InlineData("model.hidden", "[16, 32]", "model:\n  name: logistic\nbaselines: [lstm]\n")]
    public void Parse_Should_RefuseASweep_When_TheSweptKeyDoesNotActOnTheMainModel(string key, string values, string head)
    {
        // Given a sweep over a key the main model does not read (baselines train once with the first trial's settings)
        var yaml = head + $"sweep:\n  {key}: {values}\n";

        // When read
        var act = () => ExperimentConfig.Parse(yaml, "s.yaml");

        // Then the sweep key is named
        act.Should().Throw<ConfigException>().Which.Key.Should().Be("sweep." + key);
    }

    [Fact]
    public void Parse_Should_AcceptASweep_When_TheSweptKeyActsOnTheMainModel()
    {
        ExperimentConfig.Parse("sweep:\n  model.heads: [2, 4]\n  model.hidden: [16, 32]\n", "s.yaml").Should().HaveCount(4);
    }
}
