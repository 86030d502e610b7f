import { Navigate, Route, Routes } from 'react-router';
import { useMe } from '../../auth/session';
import { NotFoundPage } from '../shell/not-found-page';
import { ArticleEditorPage } from './article-editor-page';
import { DeflectionReportPage } from './deflection-report-page';
import { KbListPage } from './kb-list-page';
import { canReadDeflection } from './kb-shared';
import { NewArticlePage } from './new-article-page';

/** The agents' knowledge base (/knowledge), a chunk of its own with the article editor. */
export default function KnowledgeRoutes() {
  const me = useMe();
  return (
    <Routes>
      <Route index element={<KbListPage />} />
      <Route path="new" element={<NewArticlePage />} />
      <Route path="articles/:articleId" element={<ArticleEditorPage />} />
      <Route
        path="reports/deflection"
        element={canReadDeflection(me.role) ? <DeflectionReportPage /> : <Navigate to="/knowledge" replace />}
      />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
