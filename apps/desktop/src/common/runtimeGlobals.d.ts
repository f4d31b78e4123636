// Globals every runtime of this app provides (browsers, Node ≥ 16, Electron's main and
// sandboxed renderer), declared here because common/ compiles without DOM or Node types.
declare function btoa(data: string): string;
declare function atob(data: string): string;
