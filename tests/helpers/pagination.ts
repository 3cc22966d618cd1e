/** The pagination report (scripts/pagination/) for tests: what a typesetter would mark on each page of a PDF. */
export { formatReport, paginationReport, type PageReport, type PaginationReport, type PaginationSummary } from '../../scripts/pagination/report.ts';
