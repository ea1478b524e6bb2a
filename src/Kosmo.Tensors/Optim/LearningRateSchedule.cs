namespace Kosmo.Tensors.Optim;

/// <summary>
/// Learning-rate schedules as pure functions of the step index t (0-based). Set
/// <c>optimizer.LearningRate = schedule.Rate(t)</c> before step t.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for step <paramref name="step"/>.</summary>
    public abstract double Rate(int step);

    /// <summary>base·γ^⌊t/stepSize⌋ (PyTorch StepLR).</summary>
    public static LearningRateSchedule Step(double baseRate, int stepSize, double gamma) => new Fn(t => baseRate * Math.Pow(gamma, t / Math.Max(1, stepSize)));

    /// <summary>η_min + (base − η_min)·(1 + cos(π·t/tMax))/2, held at η_min after tMax (PyTorch CosineAnnealingLR closed form).</summary>
    public static LearningRateSchedule Cosine(double baseRate, int tMax, double minRate = 0) =>
        new Fn(t => minRate + ((baseRate - minRate) * (1 + Math.Cos(Math.PI * Math.Min(t, tMax) / Math.Max(1, tMax))) / 2));

    /// <summary>Linear warm-up: inner(t)·min(1, (t+1)/warmupSteps).</summary>
    public static LearningRateSchedule Warmup(LearningRateSchedule inner, int warmupSteps)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new Fn(t => inner.Rate(t) * Math.Min(1.0, (t + 1.0) / Math.Max(1, warmupSteps)));
    }

    private sealed class Fn(Func<int, double> f) : LearningRateSchedule
    {
        public override double Rate(int step) => f(step);
    }
}
