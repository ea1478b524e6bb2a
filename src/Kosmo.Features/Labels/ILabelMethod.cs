using Kosmo.Core;

namespace Kosmo.Features.Labels;

/// <summary>A labelling method: computes a <see cref="LabelSet"/> for every (code, date) cell of a panel.</summary>
public interface ILabelMethod
{
    /// <summary>Name with parameters (e.g. "fixed_horizon(h=10,k=0.5)").</summary>
    string Name { get; }

    /// <summary>Longest label window in trading days.</summary>
    int MaxHorizon { get; }

    /// <summary>Labels every cell. A label at date t reads panel data at dates &lt;= t (volatility) and inside its window (t, t+h] only.</summary>
    /// <param name="panel">The panel (T dates × N codes).</param>
    LabelSet Compute(Panel panel);
}
