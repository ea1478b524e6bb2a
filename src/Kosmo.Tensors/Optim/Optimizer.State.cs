namespace Kosmo.Tensors.Optim;

public abstract partial class Optimizer
{
    /// <summary>
    /// The optimiser's internal state buffers for checkpoints, by stable name (e.g. "adam.m/{parameter}"), returned by
    /// reference: a checkpoint writer reads them, a reader copies saved values into them and then calls
    /// <see cref="RestoreStepCount"/>. The base optimiser has none (an optimiser without overridden state cannot be
    /// resumed bit-exactly unless it is stateless, like plain SGD).
    /// </summary>
    public virtual IReadOnlyList<KeyValuePair<string, float[]>> StateBuffers() => [];

    /// <summary>Sets <see cref="StepCount"/> when resuming from a checkpoint.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative count.</exception>
    public void RestoreStepCount(int stepCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        StepCount = stepCount;
    }
}
