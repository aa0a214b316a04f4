import { HealthStatus } from '@/features/health/components/health-status';

export function App() {
  return (
    <div className="layout">
      <header className="site-header">
        <h1>TimeTracker</h1>
        <p className="site-subtitle">Admin</p>
      </header>
      <main className="site-main">
        <HealthStatus />
      </main>
    </div>
  );
}
