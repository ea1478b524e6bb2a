namespace Kosmo.Tensors.Optim;

/// <summary>Base of the optimisers: holds the parameters and the learning rate; updates in place.</summary>
public abstract partial class Optimizer
{
    /// <summary>Creates an optimiser over <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">No parameters or a non-positive learning rate.</exception>
    protected Optimizer(IEnumerable<Parameter> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0)
        {
            throw new ArgumentException("Optimizer needs at least one parameter.", nameof(parameters));
        }

        LearningRate = learningRate > 0 ? learningRate : throw new ArgumentException($"Learning rate {learningRate} must be positive.", nameof(learningRate));
    }

    /// <summary>The parameters updated by <see cref="Step"/>.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Current learning rate (a schedule may set it before each step).</summary>
    public double LearningRate { get; set; }

    /// <summary>Number of steps taken.</summary>
    public int StepCount { get; private set; }

    /// <summary>Zeroes every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Applies one update from the current gradients (parameters without a gradient are skipped).</summary>
    public void Step()
    {
        StepCount++;
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.Grad is not null)
            {
                Update(i, p.Data.AsSpan(0, p.Size), p.Grad.AsSpan(0, p.Size));
            }
        }
    }

    /// <summary>Updates parameter <paramref name="index"/> in place (StepCount already incremented).</summary>
    protected abstract void Update(int index, Span<float> value, ReadOnlySpan<float> grad);
}
