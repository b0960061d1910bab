import type { Server } from 'node:http';

export function startStaticServer(opts?: { dir?: string; port?: number; cors?: boolean }): Promise<Server>;
