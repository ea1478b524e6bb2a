namespace Kosmo.Models.Training;

/// <summary>Best-epoch tracking and patience counting for <see cref="Trainer"/>.</summary>
internal sealed class EarlyStopper(EarlyStoppingMetric metric, int patience, double minDelta)
{
    public int BestEpoch { get; set; }

    public double BestScore { get; set; } = double.NaN;

    public int EpochsWithoutImprovement { get; set; }

    public bool Stopped { get; set; }

    /// <summary>The watched score of an epoch.</summary>
    public double Score(EpochRecord e) => metric == EarlyStoppingMetric.MacroF1 ? e.ValidationMacroF1 : e.ValidationLoss;

    /// <summary>Updates the state with a finished epoch; returns true when it is the new best.</summary>
    public bool Update(EpochRecord e)
    {
        var s = Score(e);
        var better = BestEpoch == 0 || (double.IsFinite(s) && (!double.IsFinite(BestScore)
            || (metric == EarlyStoppingMetric.MacroF1 ? s > BestScore + minDelta : s < BestScore - minDelta)));
        if (better)
        {
            BestEpoch = e.Epoch;
            BestScore = s;
            EpochsWithoutImprovement = 0;
        }
        else
        {
            EpochsWithoutImprovement++;
            Stopped = patience > 0 && EpochsWithoutImprovement >= patience;
        }

        return better;
    }
}
