using Kosmo.Backtest;
using static Kosmo.Experiment.Config.KeyApplicability;

namespace Kosmo.Experiment.Config;

/// <summary>
/// The conditional keys of each section (<see cref="KeyApplicability"/>): when each acts, its default, and why it does
/// not act otherwise. Read by people as the reference of which key needs which other key's value.
/// </summary>
internal static class KeyRules
{
    /// <summary><c>data:</c> keys of one source.</summary>
    public static IEnumerable<Rule> Data()
    {
        var defaults = new DataConfig();
        string Source(ExperimentConfig c) => $"this config has data.source: {c.Data.Source}";
        foreach (var (key, atDefault) in new (string, Func<DataConfig, bool>)[]
        {
            ("synthetic_stocks", d => d.SyntheticStocks == defaults.SyntheticStocks),
            ("synthetic_years", d => d.SyntheticYears == defaults.SyntheticYears),
            ("synthetic_seed", d => d.SyntheticSeed == defaults.SyntheticSeed),
        })
        {
            yield return new($"data.{key}", c => c.Data.Source == "synthetic", c => atDefault(c.Data),
                c => $"it shapes the embedded synthetic market, and {Source(c)}");
        }

        yield return new("data.dir", c => c.Data.Source == "krx", c => c.Data.Dir == defaults.Dir,
            c => $"only data.source: krx imports a folder, and {Source(c)}");
        yield return new("data.db", c => c.Data.Source != "synthetic", c => c.Data.Db == defaults.Db,
            c => $"the synthetic market is generated in memory and no database is read ({Source(c)})");
        foreach (var key in new[] { "from", "to" })
        {
            yield return new($"data.{key}", c => c.Data.Source != "synthetic", c => (key == "from" ? c.Data.From : c.Data.To) is null,
                c => $"data.from / data.to select the dates of the krx and db sources; the synthetic market spans data.synthetic_years ({Source(c)})");
        }
    }

    /// <summary><c>features:</c> the default set's wavelets and the regime model's states.</summary>
    public static IEnumerable<Rule> Features()
    {
        static bool DefaultSet(ExperimentConfig c) => c.Features.Set is ["default"];
        yield return new("features.wavelets", DefaultSet, c => c.Features.Wavelets,
            _ => "it adds the wavelet features to the default set only, and features.set lists the features itself (add wavelet:haar:N / wavelet:la8:N to the list instead)");
        yield return new("features.wavelet_levels", c => DefaultSet(c) && c.Features.Wavelets, c => c.Features.WaveletLevels == 4,
            c => DefaultSet(c)
                ? "features.wavelets is false, so no wavelet feature is built"
                : "it sets the levels of the default set's wavelets only, and features.set lists the features itself (give the levels in the list: wavelet:haar:N)");
        yield return new("features.regime_states", c => c.Features.Regimes, c => c.Features.RegimeStates == 3,
            _ => "features.regimes is false, so no regime model is fitted");
    }

    /// <summary><c>labels:</c> the keys of one label method, and of meta-labeling.</summary>
    public static IEnumerable<Rule> Labels()
    {
        yield return new("labels.threshold_k", c => c.Labels.Method == "fixed_horizon", c => c.Labels.ThresholdK == 0.5,
            c => $"it is the flat band of labels.method: fixed_horizon, and this config has {c.Labels.Method} ({MethodFlat(c.Labels.Method)})");
        foreach (var key in new[] { "profit_take", "stop_loss" })
        {
            yield return new($"labels.{key}", c => c.Labels.Method == "triple_barrier" || c.Labels.Meta,
                c => (key == "profit_take" ? c.Labels.ProfitTake : c.Labels.StopLoss) == 2.0,
                c => $"it is a barrier of labels.method: triple_barrier (and of the meta-labels with labels.meta: true), and this config has {c.Labels.Method} with meta: false");
        }

        yield return new("labels.meta_primary", c => c.Labels.Meta, c => c.Labels.MetaPrimary == "momentum_12_1",
            _ => "it names the primary model of meta-labeling, and labels.meta is false");
    }

    /// <summary><c>split:</c> the keys of one scheme.</summary>
    public static IEnumerable<Rule> Split()
    {
        static string Has(ExperimentConfig c) => $"(this config has scheme {c.Split.Scheme})";
        yield return new("split.folds", c => c.Split.Scheme != "walk_forward", c => c.Split.Folds == 5,
            c => $"applies to split.scheme purged_kfold and cpcv only {Has(c)}");
        yield return new("split.test_groups", c => c.Split.Scheme == "cpcv", c => c.Split.TestGroups == 2,
            c => $"applies to split.scheme cpcv only {Has(c)}");
        yield return new("split.window", c => c.Split.Scheme == "walk_forward", c => c.Split.Window == "expanding",
            c => $"applies to split.scheme walk_forward only {Has(c)}");
        yield return new("split.first_test_year", c => c.Split.Scheme == "walk_forward", c => c.Split.FirstTestYear is null,
            c => $"applies to split.scheme walk_forward only {Has(c)}");
        yield return new("split.last_test_year", c => c.Split.Scheme == "walk_forward", c => c.Split.LastTestYear is null,
            c => $"applies to split.scheme walk_forward only {Has(c)}");
        yield return new("split.train_years", c => c.Split.Scheme == "walk_forward" && c.Split.Window == "rolling", c => c.Split.TrainYears == 5,
            c => c.Split.Scheme == "walk_forward"
                ? "applies to split.window: rolling only (an expanding window trains on every year before the test year)"
                : $"applies to split.scheme walk_forward with window: rolling only {Has(c)}");
    }

    /// <summary><c>model:</c> the keys of the neural models, the attention models and the lightgbm baseline; the ensembles.</summary>
    public static IEnumerable<Rule> Model(string[] neural, string[] metaLearned, string[] withHeads)
    {
        var d = new ModelConfig();
        string List(ExperimentConfig c) => $"the run's models are {string.Join(", ", RunModels(c))}";
        bool AnyNeural(ExperimentConfig c) => RunModels(c).Any(neural.Contains);
        bool AnyTrainer(ExperimentConfig c) => RunModels(c).Any(m => neural.Contains(m) && !metaLearned.Contains(m));
        foreach (var (key, atDefault) in new (string, Func<ModelConfig, bool>)[]
        {
            ("hidden", m => m.Hidden == d.Hidden), ("dropout", m => m.Dropout == d.Dropout), ("learning_rate", m => m.LearningRate == d.LearningRate),
            ("batch", m => m.Batch == d.Batch), ("epochs", m => m.Epochs == d.Epochs), ("clip_norm", m => m.ClipNorm == d.ClipNorm),
        })
        {
            yield return new($"model.{key}", AnyNeural, c => atDefault(c.Model), c => $"it trains the neural models, and {List(c)} (none is neural)");
        }

        foreach (var (key, atDefault) in new (string, Func<ModelConfig, bool>)[]
        {
            ("weight_decay", m => m.WeightDecay == d.WeightDecay), ("warmup_steps", m => m.WarmupSteps == d.WarmupSteps), ("patience", m => m.Patience == d.Patience),
            ("data_parallel", m => m.DataParallel == d.DataParallel), ("precision", m => m.Precision == d.Precision),
        })
        {
            yield return new($"model.{key}", AnyTrainer, c => atDefault(c.Model),
                c => $"it sets the neural trainer, and {List(c)} (none is trained by it; lstm_reptile / lstm_fomaml meta-train with their own loop)");
        }

        yield return new("model.heads", c => RunModels(c).Any(withHeads.Contains), c => c.Model.Heads == d.Heads,
            c => $"only {string.Join(", ", withHeads)} have attention heads, and {List(c)}");
        yield return new("model.ensemble", c => !c.Model.Ensemble || EnsembleMembers(c) >= 2, c => c.Model.Ensemble,
            c => $"the ensembles need two members among model.name and the baselines {string.Join(", ", EnsembleStep.MemberBaselines)}, and this run has {EnsembleMembers(c)}");
        var lgb = new Kosmo.Models.Boosting.LightGbmOptions();
        foreach (var key in new[] { "num_leaves", "learning_rate", "feature_fraction", "bagging_fraction", "bagging_freq", "min_data_in_leaf", "lambda_l2", "max_rounds", "early_stopping_rounds" })
        {
            yield return new($"model.lightgbm.{key}", c => c.Baselines.Contains("lightgbm"), c => c.Model.Lightgbm == lgb,
                c => $"it configures the lightgbm baseline, and baselines ({string.Join(", ", c.Baselines)}) does not list lightgbm");
        }
    }

    /// <summary><c>backtest:</c> the keys of one strategy.</summary>
    public static IEnumerable<Rule> Backtest()
    {
        foreach (var (key, strategies, atDefault) in Strategy)
        {
            yield return new($"backtest.{key}", c => strategies.Contains(c.Backtest.Strategy), c => atDefault(c.Backtest),
                c => StrategyWhy(key, c.Backtest.Strategy));
        }
    }

    /// <summary>The strategy keys and the strategies that read each; shared with <c>kosmo backtest</c> configurations.</summary>
    public static IReadOnlyList<(string Key, string[] Strategies, Func<BacktestSettings, bool> AtDefault)> Strategy { get; } =
    [
        ("top_k", ["topk", "topk_dropout", "topk_hysteresis", "overlapping"], b => b.TopK == 20),
        ("min_hold_days", ["topk", "topk_hysteresis"], b => b.MinHoldDays == 5),
        ("dropout_n", ["topk_dropout"], b => b.DropoutN == 3),
        ("exit_rank", ["topk_hysteresis"], b => b.ExitRank == 2 * b.TopK),
        ("tranches", ["overlapping"], b => b.Tranches == 4),
        ("weight_cap", ["prob_weighted", "optimizer"], b => b.WeightCap == 0.10),
        ("risk_aversion", ["optimizer"], b => b.RiskAversion == 5.0),
        ("candidates", ["optimizer"], b => b.Candidates == 30),
        ("return_scale", ["optimizer"], b => b.ReturnScale == 0.01),
        ("turnover_penalty", ["optimizer"], b => b.TurnoverPenalty == 0.003),
        ("turnover_quadratic", ["optimizer"], b => b.TurnoverQuadratic == 0.002),
    ];

    /// <summary>Why a strategy key has no effect under <paramref name="strategy"/>.</summary>
    public static string StrategyWhy(string key, string strategy) =>
        $"it is read by the strategies {string.Join(", ", Strategy.First(s => s.Key == key).Strategies)} only, and this config has backtest.strategy: {strategy}";

    /// <summary><c>oot:</c> the fine-tuning keys.</summary>
    public static IEnumerable<Rule> Oot()
    {
        var d = new OotConfig();
        foreach (var (key, atDefault) in new (string, Func<OotConfig, bool>)[]
        {
            ("finetune_epochs", o => o.FinetuneEpochs == d.FinetuneEpochs), ("finetune_learning_rate", o => o.FinetuneLearningRate == d.FinetuneLearningRate),
            ("finetune_max_samples", o => o.FinetuneMaxSamples is null), ("finetune_validation", o => o.FinetuneValidation == d.FinetuneValidation),
        })
        {
            yield return new($"oot.{key}", c => c.Oot?.Finetune == true, c => c.Oot is null || atDefault(c.Oot),
                _ => "it sets the fine-tuning, and oot has no finetune_from / finetune_to window (zero-shot only)");
        }

        yield return new("oot.finetune_patience", c => c.Oot is { Finetune: true, FinetuneValidation: > 0 }, c => c.Oot is null || c.Oot.FinetunePatience == d.FinetunePatience,
            c => c.Oot?.Finetune == true
                ? "oot.finetune_validation is 0, so fine-tuning has no held-out loss to stop on"
                : "it sets the fine-tuning, and oot has no finetune_from / finetune_to window (zero-shot only)");
    }

    /// <summary>Members of the causal ensembles: the main model and the member baselines configured (as EnsembleStep counts them).</summary>
    private static int EnsembleMembers(ExperimentConfig c) =>
        EnsembleStep.MemberBaselines.Where(c.Baselines.Contains).Append(c.Model.Name).Distinct(StringComparer.Ordinal).Count();

    private static string MethodFlat(string method) => method switch
    {
        "triple_barrier" => "its flat class is the vertical barrier touched first",
        "trend_scanning" => "its classes come from the sign (and, with classes: 4, the size) of the best trend t-value",
        "cs_tercile" => "its classes are the date's bottom / middle / top third of forward returns",
        _ => "it has no flat band",
    };
}
