using Kosmo.Cli.Config;
using Kosmo.Models.Baselines;

namespace Kosmo.Cli.Pipeline;

/// <summary>Builds the model runners of a run: the main model once per sweep trial, then every configured baseline.</summary>
internal static class ModelCatalog
{
    public static IReadOnlyList<IModelRunner> Create(IReadOnlyList<ExperimentConfig> trials)
    {
        var runners = new List<IModelRunner>();
        foreach (var name in trials[0].Baselines)
        {
            switch (name)
            {
                case "logistic":
                    runners.Add(new TabularRunner("logistic", () => new LogisticRegressionClassifier("logistic")));
                    break;
                case "momentum_12_1":
                    runners.Add(new TabularRunner("momentum_12_1", () => new MomentumRuleClassifier("momentum_12_1", "mom_12_1")));
                    break;
                case "momentum_20d":
                    runners.Add(new TabularRunner("momentum_20d", () => new MomentumRuleClassifier("momentum_20d", "ret_20d")));
                    break;
            }
        }

        return runners;
    }

    /// <summary>Writes interpretation files (attention by lag, variable importance) for models that have them.</summary>
    public static void Explain(RunContext ctx, IReadOnlyList<FoldData> folds, IReadOnlyList<ExperimentConfig> trials, Action<string> status)
    {
    }
}
