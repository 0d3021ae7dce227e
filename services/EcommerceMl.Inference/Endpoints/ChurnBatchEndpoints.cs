using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Churn;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// Churn for many customers in one request: the batch is bounded and validated as a whole; each customer
/// is then validated and answered on its own, with a per-item error (invalid features, unknown customer).
/// </summary>
internal static class ChurnBatchEndpoints
{
    public static RouteGroupBuilder MapChurnBatchApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/churn:batch", PostBatch)
            .WithTags("Churn")
            .WithName("PredictChurnBatch")
            .WithSummary("Churn for each of customers (at most MaxBatchSize), each {customerId} or the five features; per-customer errors in results[i].error.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    internal static Results<Ok<ChurnBatchResponse>, ValidationProblem, ProblemHttpResult> PostBatch(
        ChurnBatchRequest request,
        ModelRegistry registry,
        IOptions<InferenceOptions> options,
        InferenceMetrics metrics,
        TimeProvider time,
        EndpointLog log,
        HttpContext context)
    {
        var errors = new RequestErrors();
        errors.CheckNotBlank("model", request.Model);
        BatchChecks.CheckSize(errors, "customers", request.Customers?.Count, options.Value.MaxBatchSize);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var selection = registry.Select<IChurnModel>(ModelTask.Churn, request.Model);
        if (selection.Failure is not null)
        {
            return Problems.From(selection.Failure);
        }

        var (entry, churn) = (selection.Entry!, selection.Model!);
        var started = time.GetTimestamp();
        var results = request.Customers!.Select((c, i) => One(churn, c, i, log, context)).ToList();
        metrics.ObservePredict(context, entry, "churn_batch", time.GetElapsedTime(started));
        var failed = results.Count(r => r.Error is not null);
        return TypedResults.Ok(new ChurnBatchResponse(entry.Name, entry.Version!, results.Count - failed, failed, results));
    }

    private static ChurnBatchResult One(IChurnModel churn, ChurnBatchCustomer? customer, int index, EndpointLog log, HttpContext context)
    {
        if (customer is null)
        {
            return Failed(index, null, $"customers[{index}] is null: send {{customerId}} or the five features.");
        }

        var request = customer.ToRequest();
        var problems = ChurnEndpoints.Validate(request);
        if (problems.Any)
        {
            return Failed(index, customer.CustomerId, $"customers[{index}]: {problems.Describe()}");
        }

        try
        {
            var features = ChurnEndpoints.Resolve(request, churn);
            if (features is null)
            {
                return Failed(index, customer.CustomerId,
                    $"customers[{index}]: customer '{customer.CustomerId}' is not known to the model; send their recencyDays, frequency, avgMonetary, loyaltyMember and daysSinceJoin instead.");
            }

            var prediction = churn.Predict(features);
            return new(index, customer.CustomerId, prediction.Probability, ChurnEndpoints.RiskCategory(prediction.Risk), prediction.NextAction, null);
        }
        catch (ArgumentException error)
        {
            // Features the model cannot read (an attribute it was not fitted on, text in a numeric column): the caller's to fix.
            return Failed(index, customer.CustomerId, $"customers[{index}]: {error.Message.Split(" (Parameter", 2)[0]}");
        }
        catch (Exception ex)
        {
            // One customer the model cannot answer must not sink the others; the details go to the log only.
            Log.BatchItemFailed(log.Logger, ex, context.Request.Path, index);
            return Failed(index, customer.CustomerId, $"The model failed on this customer; quote trace id {context.TraceIdentifier} when reporting it.");
        }
    }

    private static ChurnBatchResult Failed(int index, string? customerId, string error) => new(index, customerId, null, null, null, error);
}
