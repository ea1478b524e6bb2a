namespace Kosmo.Experiment.Config;

/// <summary>
/// The combinations of <c>split.scheme</c> with other sections that have no honest meaning under purged k-fold or
/// CPCV, where every fold's training data lies on both sides of its test blocks:
/// <list type="bullet">
/// <item><c>model.ensemble</c>: the causal ensembles weight fold k's members by the earlier folds' out-of-sample rows,
/// whose models were trained on fold k's test period under cross-validation. Its default is therefore true for
/// walk_forward and false for the cross-validation schemes; an explicit <c>true</c> is refused.</item>
/// <item><c>labels.time_decay</c> ≠ 1: the decay is a function of cumulative uniqueness over all labels in time order,
/// so under cross-validation a training weight after a test block would read the test labels' spans (their barrier
/// touch times for triple_barrier).</item>
/// <item><c>oot:</c>: the out-of-time step applies the last walk-forward fold's models after the data; a k-fold or
/// CPCV split is not "the models trained up to the end of the data".</item>
/// </list>
/// </summary>
internal static class SchemeChecks
{
    /// <summary>Returns the config with the scheme-dependent defaults applied.</summary>
    /// <exception cref="Core.DataValidationException">An unsupported combination (exit 2, the key path and line).</exception>
    public static ExperimentConfig Apply(ExperimentConfig config, YamlSection root)
    {
        if (!config.Split.IsCrossValidation)
        {
            return config;
        }

        var scheme = config.Split.Scheme;
        var model = root.Section("model");
        if (model.Has("ensemble") && config.Model.Ensemble)
        {
            throw new Core.DataValidationException(root.File, model.LineOf("ensemble"), "model.ensemble",
                $"model.ensemble: true is not supported with split.scheme {scheme}: the ensemble weights of a fold come from other folds' "
                + "out-of-sample rows, whose models trained on this fold's test period; use walk_forward or set model.ensemble: false");
        }

        if (config.Labels.TimeDecay != 1)
        {
            var labels = root.Section("labels");
            throw new Core.DataValidationException(root.File, labels.LineOf("time_decay"), "labels.time_decay",
                $"labels.time_decay: {config.Labels.TimeDecay.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not supported with split.scheme {scheme}: the decay runs over the cumulative uniqueness of every label "
                + "in time order, so a training weight after a test block would depend on the test labels' spans; use walk_forward or time_decay: 1");
        }

        if (config.Oot is not null)
        {
            throw new Core.DataValidationException(root.File, root.LineOf("oot"), "oot",
                $"oot: the out-of-time test applies the last walk-forward fold's models and is not supported with split.scheme {scheme}; use walk_forward or remove oot");
        }

        return config with { Model = config.Model with { Ensemble = false } };
    }
}
