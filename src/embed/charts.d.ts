// Types of the module export (charts.js) for the TypeScript modules that import it (the ?embed=<id> view).
export const charts: string[];
export function selections(id: string, options?: URLSearchParams | Record<string, unknown>): Record<string, unknown>;
export function unavailable(id: string, options?: URLSearchParams | Record<string, unknown>, page?: string): Promise<string | null>;
export function render(id: string, element?: Element | URLSearchParams | Record<string, unknown>, options?: URLSearchParams | Record<string, unknown>): Promise<HTMLElement>;
