def run_in_batches(model, domain, order, batch_size, action):
    """One call of a batched cron: the first ``batch_size`` records of ``model``
    matching ``domain`` go to ``action``, which returns those it acted on; the cron
    is told what is left, so that it runs again at once while some are. Returns
    what ``action`` returned."""
    batch = model.search(domain, order=order, limit=batch_size)
    done = action(batch)
    model.env["ir.cron"]._notify_progress(
        done=len(done),
        remaining=model.search_count(domain) if len(batch) == batch_size else 0,
    )
    return done
