"""The query layer: one module per resource, functions taking a session and typed filters
(small frozen dataclasses: `BoardFilters`, `WorkstreamFilters`, `ProposalFilters`,
`VoteFilters`, `PostFilters`, `Period`) and returning the response models. All of the HTTP
side's SQL is here; the routes parse and call these, and so does the dashboard."""
