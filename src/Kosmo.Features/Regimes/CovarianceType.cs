namespace Kosmo.Features.Regimes;

/// <summary>Shape of each state's (or component's) Gaussian covariance.</summary>
public enum CovarianceType
{
    /// <summary>A full D × D covariance matrix per state.</summary>
    Full = 0,

    /// <summary>A diagonal covariance (independent dimensions) per state.</summary>
    Diagonal = 1,
}
